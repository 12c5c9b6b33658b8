import { defineRule, exception, fail, PASS, valueAt } from "../rule";
import { chartOf, hardeningGaps, NODE_AGENTS, RELEASE, securityContextsOf, valuesOf } from "./kubernetes-helm-no-privileged-values";

export const rule = defineRule({
    id: "kubernetes-helm-non-root",
    description: "No security context in a Helm release's values runs a container as root (runAsUser 0, runAsNonRoot false), except a documented node agent that must read root-owned files and runs confined.",
    severity: "medium",
    cloud: "kubernetes",
    references: {
        checkov: ["CKV_K8S_23"],
        trivy: ["KSV-0012", "KSV-0105"],
        cis: ["CIS AKS 1.8 4.6.2", "CIS GKE 1.9.0 4.6.3"],
    },
    remediation: "Set runAsNonRoot: true and a non-zero runAsUser in the release's values (or leave the chart's non-root "
        + "default). A node agent that must be root is listed with its reason in NODE_AGENTS "
        + "(policies/rules/kubernetes-helm-no-privileged-values.ts) and its container context must be confined.",
    resourceTypes: [RELEASE],
    check(release) {
        const values = valuesOf(release);
        const agent = NODE_AGENTS[chartOf(release)];
        const root = securityContextsOf(values).flatMap((entry) => [
            ...(valueAt(entry.value, "runAsUser") === 0 ? [`${entry.path}.runAsUser is 0`] : []),
            ...(valueAt(entry.value, "runAsNonRoot") === false ? [`${entry.path}.runAsNonRoot is false`] : []),
        ]);
        if (root.length === 0) {
            return PASS;
        }
        if (!agent?.root || !agent.runs(values)) {
            return fail(`runs as root: ${root.join(", ")}`);
        }
        const ownContext = `values.${agent.containerContext}.`;
        const elsewhere = root.filter((where) => !where.startsWith(ownContext));
        const gaps = hardeningGaps(valueAt(values, agent.containerContext));
        if (elsewhere.length > 0 || gaps.length > 0) {
            return fail([
                ...(elsewhere.length > 0 ? [`runs as root outside ${agent.agent}'s container context: ${elsewhere.join(", ")}`] : []),
                ...(gaps.length > 0 ? [`${agent.agent} runs as root without being confined (${ownContext.slice(0, -1)}: ${gaps.join(", ")})`] : []),
            ].join("; "));
        }
        return exception(`${agent.agent} runs as root because ${agent.root}; with every capability dropped, no privilege escalation `
            + "and a read-only root filesystem, root cannot bypass file permissions, gain privileges or write outside its mounts",
        ["kubernetes-helm-hardened-containers", "kubernetes-helm-no-privileged-values"]);
    },
});
