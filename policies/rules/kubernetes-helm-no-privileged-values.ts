import { CheckedResource, defineRule, exception, fail, PASS, valueAt } from "../rule";
import { isObject, Obj } from "./kubernetes-pod-no-privileged";

export const RELEASE = "kubernetes:helm.sh/v3:Release";

/** The chart's name, whatever the reference: "fluent-bit", "repo/fluent-bit", "oci://host/charts/fluent-bit". */
export function chartOf(release: CheckedResource): string {
    const chart = release.props.chart;
    return typeof chart === "string" ? chart.replace(/\/+$/, "").split("/").pop()! : "";
}

export function valuesOf(release: CheckedResource): Obj {
    return isObject(release.props.values) ? release.props.values : {};
}

/** One key of the Helm values, wherever it is nested. */
export interface ValueEntry {
    /** "values.grafana.service.type", with [i] for list items. */
    path: string;
    key: string;
    value: unknown;
    /** The object holding the key. */
    parent: Obj;
}

/** Every key of `value`, depth first (through lists too). */
export function entriesOf(value: unknown, path = "values"): ValueEntry[] {
    if (Array.isArray(value)) {
        return value.flatMap((item, i) => entriesOf(item, `${path}[${i}]`));
    }
    if (!isObject(value)) {
        return [];
    }
    return Object.entries(value).flatMap(([key, child]) => {
        const childPath = `${path}.${key}`;
        return [{ path: childPath, key, value: child, parent: value }, ...entriesOf(child, childPath)];
    });
}

/** Security contexts as charts name them: securityContext, podSecurityContext, containerSecurityContext, .... */
export function securityContextsOf(values: unknown): ValueEntry[] {
    return entriesOf(values).filter((e) => /securitycontext$/i.test(e.key) && isObject(e.value));
}

/** Fields only a container's security context has; a block with one of them is a container's. */
const CONTAINER_ONLY_FIELDS = ["privileged", "allowPrivilegeEscalation", "readOnlyRootFilesystem", "capabilities", "procMount"];

/**
 * Whether a security context of the values is a container's: named so (containerSecurityContext),
 * or holding a field only containers have. Charts disagree on what a bare `securityContext` is
 * (the pod's in cluster-autoscaler and node-exporter, the container's in fluent-bit and eck-operator).
 */
export function isContainerContext(entry: ValueEntry): boolean {
    if (/container/i.test(entry.key)) {
        return true;
    }
    if (/^pod/i.test(entry.key)) {
        return false;
    }
    return isObject(entry.value) && CONTAINER_ONLY_FIELDS.some((field) => field in (entry.value as Obj));
}

/** Capabilities a container may add: binding ports below 1024 (what Pod Security "restricted" allows). */
const HARMLESS_CAPABILITIES = new Set(["NET_BIND_SERVICE"]);

export function addedCapabilities(context: unknown): string[] {
    const added = valueAt(context, "capabilities.add");
    return Array.isArray(added)
        ? added.map((c) => String(c).toUpperCase().replace(/^CAP_/, "")).filter((c) => !HARMLESS_CAPABILITIES.has(c))
        : [];
}

/**
 * What keeps a container confined: no privilege escalation, a read-only root filesystem, every
 * capability dropped (and none added but NET_BIND_SERVICE), not privileged. Empty when it holds.
 */
export function hardeningGaps(context: unknown): string[] {
    const gaps: string[] = [];
    if (valueAt(context, "privileged") === true) {
        gaps.push("privileged: true");
    }
    if (valueAt(context, "allowPrivilegeEscalation") !== false) {
        gaps.push("allowPrivilegeEscalation is not false");
    }
    if (valueAt(context, "readOnlyRootFilesystem") !== true) {
        gaps.push("readOnlyRootFilesystem is not true");
    }
    const drop = valueAt(context, "capabilities.drop");
    if (!Array.isArray(drop) || !drop.some((c) => String(c).toUpperCase() === "ALL")) {
        gaps.push("capabilities.drop does not include ALL");
    }
    const added = addedCapabilities(context);
    if (added.length > 0) {
        gaps.push(`capabilities.add has ${added.join(", ")}`);
    }
    return gaps;
}

/**
 * Node agents the package installs through Helm, which need the node by design: the one place
 * where host access, and for Fluent Bit the root user, is expected. Each entry says what the
 * agent may do, why, and which values must confine its container for the exception to hold.
 */
export interface NodeAgent {
    agent: string;
    /** Whether the release runs the agent, from its values. */
    runs(values: Obj): boolean;
    /** Host access the chart grants by its own defaults, which the values do not show (checked against the pinned chart). */
    chartDefaults?: string;
    /** Host namespaces the agent shares, which its values may also state (under `values.<prefix>`). */
    hostNamespaces?: { prefix: string; keys: string[] };
    /** Host directories the agent may mount, and whether the mount must be read-only. */
    hostPaths: Record<string, "read-only" | "read-write">;
    /** Values key that replaces the chart's default host mounts; unset, the chart's own (wider) mounts apply. */
    replacesChartMounts?: { key: string; chartMounts: string };
    /** Values path of the agent's container security context, which must be confined (hardeningGaps empty). */
    containerContext: string;
    /** Why it must run as root, when it does (kubernetes-helm-non-root). */
    root?: string;
    why: string;
}

export const NODE_AGENTS: Record<string, NodeAgent> = {
    // fluent-bit 0.58.1 values.yaml: daemonSetVolumes mounts /var/log read-write, /var/lib/docker/containers and /etc/machine-id.
    "fluent-bit": {
        agent: "Fluent Bit (DaemonSet)",
        runs: () => true,
        hostPaths: { "/var/log": "read-only", "/var/lib/fluent-bit": "read-write" },
        replacesChartMounts: { key: "daemonSetVolumes", chartMounts: "/var/log read-write, /var/lib/docker/containers and /etc/machine-id" },
        containerContext: "securityContext",
        root: "it reads the kubelet's container logs, root-owned files of mode 0640, and keeps its tail positions in a "
            + "root-owned directory of the node (components/observability/log-shipping.ts)",
        why: "it reads every container's log file on the node and keeps its read positions there across restarts",
    },
    // prometheus-node-exporter 4.56.1 (a kube-prometheus-stack 88.5.3 dependency): hostNetwork: true, hostPID: true,
    // hostRootFsMount.enabled: true; its DaemonSet mounts /proc, /sys and / read-only.
    "kube-prometheus-stack": {
        agent: "prometheus-node-exporter (DaemonSet of kube-prometheus-stack)",
        runs: (values) => valueAt(values, "nodeExporter.enabled") !== false,
        chartDefaults: "hostNetwork, hostPID and the node's /, /proc and /sys mounted read-only",
        hostNamespaces: { prefix: "values.prometheus-node-exporter.", keys: ["hostNetwork", "hostPID"] },
        hostPaths: {},
        containerContext: "prometheus-node-exporter.containerSecurityContext",
        why: "it reports the node's own CPU, memory, disk and network metrics, which only the host's namespaces and file systems show",
    },
};

const HOST_NAMESPACE_KEYS = ["hostNetwork", "hostPID", "hostIPC"];

/** The names of the values' volume mounts that are read-only. */
function readOnlyMounts(values: Obj): Set<string> {
    return new Set(entriesOf(values)
        .filter((e) => e.key === "mountPath" && e.parent.readOnly === true && typeof e.parent.name === "string")
        .map((e) => e.parent.name as string));
}

export const rule = defineRule({
    id: "kubernetes-helm-no-privileged-values",
    description: "Helm release values run nothing privileged: no privileged container, privilege escalation, added capability (but NET_BIND_SERVICE), host network/PID/IPC, hostPort or host directory, except a documented node agent's host access, whose container must then be confined.",
    severity: "high",
    cloud: "kubernetes",
    references: {
        checkov: ["CKV_K8S_16", "CKV_K8S_17", "CKV_K8S_18", "CKV_K8S_19", "CKV_K8S_20", "CKV_K8S_26"],
        trivy: ["KSV-0017", "KSV-0001", "KSV-0008", "KSV-0009", "KSV-0010", "KSV-0023", "KSV-0024", "KSV-0106"],
        cis: ["CIS EKS 1.8.0 4.2.1", "CIS EKS 1.8.0 4.2.4", "CIS EKS 1.8.0 4.2.5", "CIS AKS 1.8 4.2.1", "CIS AKS 1.8 4.2.4", "CIS AKS 1.8 4.2.5", "CIS GKE 1.9.0 4.2.1"],
    },
    remediation: "Remove the privileged setting from the release's values. A node agent that needs the host goes in NODE_AGENTS "
        + "(policies/rules/kubernetes-helm-no-privileged-values.ts) with its host paths and reason, and its container context "
        + "in the values must set allowPrivilegeEscalation: false, readOnlyRootFilesystem: true and capabilities.drop: [ALL].",
    resourceTypes: [RELEASE],
    check(release) {
        const values = valuesOf(release);
        const chart = chartOf(release);
        const agent = NODE_AGENTS[chart];
        const problems: string[] = [];
        const allowed: string[] = [];

        for (const entry of entriesOf(values)) {
            if (entry.key === "privileged" && entry.value === true) {
                problems.push(`${entry.path} is true`);
            } else if (entry.key === "allowPrivilegeEscalation" && entry.value === true) {
                problems.push(`${entry.path} is true`);
            } else if (HOST_NAMESPACE_KEYS.includes(entry.key) && entry.value === true) {
                const documented = agent?.hostNamespaces && entry.path.startsWith(agent.hostNamespaces.prefix) && agent.hostNamespaces.keys.includes(entry.key);
                if (!documented) {
                    problems.push(`${entry.path} is true`);
                }
            } else if (entry.key === "hostPort" && typeof entry.value === "number" && entry.value > 0) {
                problems.push(`${entry.path} binds port ${entry.value} on the node`);
            } else if (entry.key === "capabilities" && addedCapabilities(entry.parent).length > 0) {
                problems.push(`${entry.path}.add has ${addedCapabilities(entry.parent).join(", ")}`);
            }
        }

        const mountsReadOnly = readOnlyMounts(values);
        for (const entry of entriesOf(values).filter((e) => e.key === "hostPath" && e.value !== undefined && e.value !== null)) {
            const path = String(isObject(entry.value) ? entry.value.path ?? "" : entry.value).replace(/(.)\/+$/, "$1");
            const volume = typeof entry.parent.name === "string" ? entry.parent.name : "";
            const mode = agent?.hostPaths[path];
            if (!mode) {
                problems.push(`${entry.path} mounts the node's ${path || "(unnamed path)"}`);
            } else if (mode === "read-only" && !mountsReadOnly.has(volume)) {
                problems.push(`${entry.path} mounts the node's ${path}, which ${agent.agent} may only mount read-only (no readOnly mount of volume "${volume}")`);
            } else {
                allowed.push(`${path} (${mode})`);
            }
        }

        if (agent && agent.runs(values)) {
            if (agent.replacesChartMounts && !Array.isArray(values[agent.replacesChartMounts.key])) {
                problems.push(`values.${agent.replacesChartMounts.key} is not set, so the chart's own host mounts apply: ${agent.replacesChartMounts.chartMounts}`);
            }
            if (agent.chartDefaults || allowed.length > 0) {
                const gaps = hardeningGaps(valueAt(values, agent.containerContext));
                if (gaps.length > 0) {
                    problems.push(`${agent.agent} has host access, but its container context values.${agent.containerContext} is not confined: ${gaps.join(", ")}`);
                }
            }
        }

        if (problems.length > 0) {
            return fail(problems.join("; "));
        }
        if (agent && agent.runs(values) && (agent.chartDefaults || allowed.length > 0)) {
            const access = [...(agent.chartDefaults ? [`${agent.chartDefaults} (chart defaults)`] : []), ...(allowed.length > 0 ? [`host paths ${allowed.join(", ")}`] : [])];
            return exception(`${agent.agent} needs the node: ${access.join("; ")}, because ${agent.why}; its container runs confined `
                + "(no privilege escalation, read-only root filesystem, every capability dropped)",
            ["kubernetes-helm-hardened-containers", "kubernetes-helm-non-root"]);
        }
        return PASS;
    },
});
