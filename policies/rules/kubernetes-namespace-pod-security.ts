import { CheckedResource, defineRule, exception, fail, PASS, StackView, valueAt } from "../rule";
import { chartOf, NODE_AGENTS, RELEASE, valuesOf } from "./kubernetes-helm-no-privileged-values";
import { isObject } from "./kubernetes-pod-no-privileged";

export const NAMESPACE = "kubernetes:core/v1:Namespace";
const ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";
const ENFORCED = ["baseline", "restricted"];

/** Node agents (NODE_AGENTS) the stack's Helm releases run in the namespace. */
function nodeAgentsIn(namespace: CheckedResource, stack: StackView): string[] {
    const name = valueAt(namespace.props, "metadata.name");
    return stack.ofType(RELEASE)
        .filter((release) => (typeof name === "string" && release.props.namespace === name)
            || (release.propertyDependencies.namespace ?? []).includes(namespace.urn))
        .filter((release) => NODE_AGENTS[chartOf(release)]?.runs(valuesOf(release)))
        .map((release) => NODE_AGENTS[chartOf(release)].agent);
}

export const rule = defineRule({
    id: "kubernetes-namespace-pod-security",
    description: "Every namespace the package creates enforces a Pod Security Standard (label pod-security.kubernetes.io/enforce: baseline or restricted), except one that runs a documented node agent, which baseline forbids.",
    severity: "medium",
    cloud: "kubernetes",
    references: {
        cis: ["CIS GKE 1.9.0 4.2.1"],
    },
    remediation: "Label the namespace `pod-security.kubernetes.io/enforce: restricted` (or baseline). A namespace holding a node "
        + "agent (host namespaces, host paths) cannot; keep such agents in NODE_AGENTS of kubernetes-helm-no-privileged-values, "
        + "and other workloads in namespaces that enforce.",
    resourceTypes: [NAMESPACE],
    check(namespace, stack) {
        // Label keys hold dots, so they are looked up directly rather than through valueAt's dotted path.
        const labels = valueAt(namespace.props, "metadata.labels");
        const level = isObject(labels) ? labels[ENFORCE_LABEL] : undefined;
        if (typeof level === "string" && ENFORCED.includes(level)) {
            return PASS;
        }
        const agents = nodeAgentsIn(namespace, stack);
        if (agents.length > 0) {
            return exception(`the namespace runs ${agents.join(" and ")}: a node agent's host namespaces or host paths are what the `
                + "baseline standard forbids, so it cannot be enforced here; the Helm rules check that the access is the documented one "
                + "and that the agent's container is confined",
            ["kubernetes-helm-no-privileged-values", "kubernetes-helm-hardened-containers"]);
        }
        return fail(`the namespace enforces no Pod Security Standard (${ENFORCE_LABEL} is ${typeof level === "string" ? level : "not set"})`);
    },
});
