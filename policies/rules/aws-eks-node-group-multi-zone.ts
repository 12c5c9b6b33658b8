import { CheckedResource, defineRule, fail, notApplicable, PASS, StackView, UNKNOWN_VALUE, valueAt } from "../rule";
import { NODE_GROUP } from "./aws-eks-node-group-remote-access";

export const SUBNET = "aws:ec2/subnet:Subnet";

/** The stack's subnets a node group's subnetIds come from (empty when they are not managed here). */
export function subnetsOf(group: CheckedResource, stack: StackView): CheckedResource[] {
    return (group.propertyDependencies.subnetIds ?? []).map((urn) => stack.byUrn(urn)).filter((r): r is CheckedResource => r?.type === SUBNET);
}

/** A subnet's zone (ID or name), when known. */
function zoneOf(subnet: CheckedResource): string | undefined {
    const zone = valueAt(subnet.props, "availabilityZoneId") ?? valueAt(subnet.props, "availabilityZone");
    return typeof zone === "string" && zone !== UNKNOWN_VALUE ? zone : undefined;
}

export const rule = defineRule({
    id: "aws-eks-node-group-multi-zone",
    description: "Every managed node group spans at least two availability zones, so losing one zone leaves nodes to reschedule on.",
    severity: "medium",
    cloud: "aws",
    references: {},
    remediation: "anycloud places every pool in the private subnets of all anycloud:network.zones (at least 2; 3 in staging and prod). "
        + "A fork must give each node group subnets in two zones or more.",
    resourceTypes: [NODE_GROUP],
    check: (resource, stack) => {
        const subnets = subnetsOf(resource, stack);
        if (subnets.length > 0) {
            const zones = subnets.map(zoneOf);
            if (zones.some((zone) => zone === undefined)) {
                // Zones not known yet: distinct subnets are the best evidence there is.
                return subnets.length >= 2 ? PASS : fail(`the node group has one subnet (${subnets[0].name})`);
            }
            const distinct = [...new Set(zones)];
            return distinct.length >= 2 ? PASS : fail(`every subnet of the node group is in ${distinct[0]}`);
        }
        const ids = valueAt(resource.props, "subnetIds");
        if (Array.isArray(ids) && ids.length > 0) {
            // Subnets from outside the stack: their zones are not visible, their number is.
            return new Set(ids).size >= 2 ? PASS : fail(`the node group has one subnet (${String(ids[0])})`);
        }
        return notApplicable("the node group's subnets are not known in this preview");
    },
});
