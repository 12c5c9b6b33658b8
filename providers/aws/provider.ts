import { Provider } from "@pulumi/aws/provider";
import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "../../components/context";

/** Region and tags set once here reach every AWS resource of the platform through inheritance. */
export function createFoundation(name: string, context: PlatformContext, opts: pulumi.ComponentResourceOptions): { provider: pulumi.ProviderResource; context: PlatformContext } {
    const provider = new Provider(`${name}-aws`, {
        region: context.region,
        defaultTags: { tags: context.tags },
    }, opts);
    return { provider, context };
}
