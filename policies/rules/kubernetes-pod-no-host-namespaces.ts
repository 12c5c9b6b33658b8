import { defineRule, valueAt } from "../rule";
import { containersOf, judgePods, POD_TYPES } from "./kubernetes-pod-no-privileged";

const HOST_NAMESPACES = ["hostNetwork", "hostPID", "hostIPC"] as const;

export const rule = defineRule({
    id: "kubernetes-pod-no-host-namespaces",
    description: "No pod the package defines shares the node's network, process or IPC namespace, or binds a port on the node (hostPort).",
    severity: "high",
    cloud: "kubernetes",
    references: {
        checkov: ["CKV_K8S_17", "CKV_K8S_18", "CKV_K8S_19", "CKV_K8S_26"],
        trivy: ["KSV-0008", "KSV-0009", "KSV-0010", "KSV-0024"],
        cis: ["CIS EKS 1.8.0 4.2.2", "CIS EKS 1.8.0 4.2.3", "CIS EKS 1.8.0 4.2.4", "CIS AKS 1.8 4.2.2", "CIS AKS 1.8 4.2.3", "CIS AKS 1.8 4.2.4", "CIS GKE 1.9.0 4.2.1"],
    },
    remediation: "Remove `hostNetwork`, `hostPID`, `hostIPC` and containers' `ports[].hostPort` from the pod spec; expose the "
        + "pod through a Service instead. A node agent that needs them belongs in a Helm chart whose exception is documented "
        + "(kubernetes-helm-no-privileged-values).",
    resourceTypes: POD_TYPES,
    check(resource) {
        return judgePods(resource, (template) => [
            ...HOST_NAMESPACES.filter((key) => template.spec[key] === true).map((key) => `${template.where}.${key} is true`),
            ...containersOf(template).flatMap((c) => {
                const ports = Array.isArray(c.container.ports) ? c.container.ports : [];
                return ports.filter((p) => {
                    const hostPort = valueAt(p, "hostPort");
                    return typeof hostPort === "number" ? hostPort > 0 : typeof hostPort === "string" && hostPort !== "" && hostPort !== "0";
                }).map((p) => `${c.label} binds hostPort ${String(valueAt(p, "hostPort"))} on the node`);
            }),
        ]);
    },
});
