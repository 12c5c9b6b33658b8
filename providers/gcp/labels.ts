import { componentTags, PlatformContext } from "../../components/context";
import { ComponentName } from "../../components/types";
import { gcpLabels } from "./foundation";

/**
 * A component's labels: the whole taxonomy, not only what the provider's defaultLabels lack. The
 * defaults cannot know the component or its cost type, and the labels of what a resource creates
 * (a node pool's VMs, a boot disk, a Cloud SQL instance's settings) get no defaults at all.
 */
export function componentLabels(context: PlatformContext, component: ComponentName): Record<string, string> {
    return gcpLabels(componentTags(context, component));
}
