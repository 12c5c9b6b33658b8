import { CheckedResource, defineRule, fail, PASS, UNKNOWN_VALUE, valueAt, Verdict } from "../rule";
import { entriesOf, RELEASE, valuesOf } from "./kubernetes-helm-no-privileged-values";
import { isObject, judgeContainers, POD_TYPES } from "./kubernetes-pod-no-privileged";

const REQUIRED = ["requests.cpu", "requests.memory", "limits.memory"];

function gapsOf(resources: unknown): string[] {
    return REQUIRED.filter((path) => {
        const value = valueAt(resources, path);
        return value === undefined || value === null || value === "" || value === UNKNOWN_VALUE;
    });
}

/** A `resources` block of Helm values that sizes a container (not a volume's storage request, not RBAC's resource list). */
function isContainerResources(value: unknown): boolean {
    return isObject(value) && valueAt(value, "requests.storage") === undefined;
}

function checkRelease(release: CheckedResource): Verdict {
    const blocks = entriesOf(valuesOf(release)).filter((e) => e.key === "resources" && isContainerResources(e.value));
    if (blocks.length === 0) {
        return fail("the values size no container (no `resources` block), so the chart's defaults, usually none, apply");
    }
    const gaps = blocks.flatMap((e) => {
        const missing = gapsOf(e.value);
        return missing.length > 0 ? [`${e.path} lacks ${missing.join(", ")}`] : [];
    });
    return gaps.length > 0 ? fail(gaps.join("; ")) : PASS;
}

export const rule = defineRule({
    id: "kubernetes-pod-resources",
    description: "Every container the package defines, directly or through a Helm release's `resources` values, requests CPU and memory and has a memory limit (no CPU limit is required: it throttles without protecting the node).",
    severity: "low",
    cloud: "kubernetes",
    // CPU limits (CKV_K8S_11, KSV-0011) are left out on purpose: a CPU limit throttles a container even on an idle node,
    // while the request already guarantees its share; memory is what a node runs out of.
    references: {
        checkov: ["CKV_K8S_10", "CKV_K8S_12", "CKV_K8S_13"],
        trivy: ["KSV-0015", "KSV-0016", "KSV-0018"],
    },
    remediation: "Give the container `resources: { requests: { cpu, memory }, limits: { memory } }` (in the pod spec, the ECK "
        + "pod template's main container, or the chart's `resources` value). Requests let the scheduler and the cluster "
        + "autoscaler size nodes; the memory limit keeps one container from starving the node.",
    resourceTypes: [...POD_TYPES, RELEASE],
    check(resource) {
        if (resource.type === RELEASE) {
            return checkRelease(resource);
        }
        return judgeContainers(resource, (c) => {
            const gaps = gapsOf(c.container.resources);
            return gaps.length > 0 ? [`${c.label} lacks resources.${gaps.join(", resources.")}`] : [];
        });
    },
});
