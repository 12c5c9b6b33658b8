import { defineRule, valueAt } from "../rule";
import { judgePods, POD_TYPES } from "./kubernetes-pod-no-privileged";

/** Host paths whose mount gives a container the node (trivy-checks KSV-0121's list, plus the container runtimes' sockets). */
const CRITICAL_HOST_PATHS = ["/", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr", "/var/lib/docker", "/var/run/docker.sock",
    "/run/containerd", "/var/run/containerd", "/run/containerd/containerd.sock", "/var/run/crio/crio.sock", "/var/lib/kubelet"];

export const rule = defineRule({
    id: "kubernetes-pod-no-host-path",
    description: "No pod the package defines mounts a directory or file of the node (hostPath volume); node agents that must are Helm releases with a documented exception.",
    severity: "high",
    cloud: "kubernetes",
    references: {
        checkov: ["CKV_K8S_27"],
        trivy: ["KSV-0023", "KSV-0121", "KSV-0006"],
    },
    remediation: "Replace the hostPath volume with an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim. A node agent that "
        + "must read the node (log shipper, metrics exporter) goes in a Helm release listed with its host paths in "
        + "kubernetes-helm-no-privileged-values.",
    resourceTypes: POD_TYPES,
    check(resource) {
        return judgePods(resource, (template) => {
            const volumes = Array.isArray(template.spec.volumes) ? template.spec.volumes : [];
            return volumes.flatMap((volume, i) => {
                const hostPath = valueAt(volume, "hostPath");
                if (hostPath === undefined || hostPath === null) {
                    return [];
                }
                const path = String(valueAt(hostPath, "path") ?? "");
                const critical = CRITICAL_HOST_PATHS.includes(path.replace(/(.)\/+$/, "$1"));
                return [`${template.where}.volumes[${i}] mounts the node's ${path || "(unnamed path)"}${critical ? ", which gives the container the node" : ""}`];
            });
        });
    },
});
