import { TAG_KEYS } from "../../components/context";
import { ComponentName, CostType, PlatformArgs } from "../../components/types";
import { ResourceRecord } from "../recorder";
import { at } from "./inputs";

/** Where a resource's cost belongs: its component and whether that is fixed or project cost. */
export interface Attribution {
    component: string;
    costType: CostType;
}

/** Components in the order reports list them. */
export const COMPONENT_ORDER: string[] = [...Object.values(ComponentName), "unattributed"];

/** Where each cloud's resources carry their tags or labels. */
const TAG_PATHS = ["tags", "labels", "userLabels", "settings.userLabels", "resourceLabels", "nodeConfig.resourceLabels", "clusterTags"];

function tagsOf(record: ResourceRecord): Record<string, unknown>[] {
    return TAG_PATHS.map((path) => at(record.inputs, path)).filter((tags): tags is Record<string, unknown> => !!tags && typeof tags === "object");
}

const isComponent = (value: unknown): value is ComponentName => (Object.values(ComponentName) as unknown[]).includes(value);
const isCostType = (value: unknown): value is CostType => value === "fixed" || value === "project";

/** The anycloud component (anycloud:index:Database -> database) nearest above `record`. */
function parentComponent(record: ResourceRecord, byUrn: Map<string, ResourceRecord>): ComponentName | undefined {
    for (let current = byUrn.get(record.parent); current; current = byUrn.get(current.parent)) {
        const match = /^anycloud:index:(\w+)$/.exec(current.type);
        const name = match?.[1].toLowerCase();
        if (isComponent(name)) {
            return name;
        }
    }
    return undefined;
}

/**
 * The resource's `component` and `cost-type` tags (labels on GCP) where it carries them; else
 * the kind of its parent component and that component's cost type from anycloud:billing.costTypes.
 */
export function attribute(record: ResourceRecord, byUrn: Map<string, ResourceRecord>, args: PlatformArgs): Attribution {
    const tagged = tagsOf(record).find((tags) => isComponent(tags[TAG_KEYS.component]));
    const component = (tagged?.[TAG_KEYS.component] as ComponentName | undefined) ?? parentComponent(record, byUrn);
    const taggedCostType = tagged?.[TAG_KEYS.costType];
    if (!component) {
        return { component: "unattributed", costType: isCostType(taggedCostType) ? taggedCostType : "fixed" };
    }
    return { component, costType: isCostType(taggedCostType) ? taggedCostType : args.billing.costTypes[component] };
}
