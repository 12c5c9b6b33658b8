import { CheckedResource, defineRule, fail, PASS, UNKNOWN_VALUE, valueAt } from "../rule";

/** Why a GKE telemetry setting (logging or monitoring) leaves the system components out, or undefined. */
function gap(resource: CheckedResource, what: "logging" | "monitoring"): string | undefined {
    const service = valueAt(resource.props, `${what}Service`);
    if (service === "none") {
        return `${what}Service = none`;
    }
    if (typeof service === "string" && service !== UNKNOWN_VALUE && service !== `${what}.googleapis.com/kubernetes`) {
        return `${what}Service = ${service}, not Cloud ${what === "logging" ? "Logging" : "Monitoring"} for GKE (${what}.googleapis.com/kubernetes)`;
    }
    const components = valueAt(resource.props, `${what}Config.enableComponents`);
    if (Array.isArray(components) && !components.includes("SYSTEM_COMPONENTS") && !components.includes(UNKNOWN_VALUE)) {
        return `${what}Config.enableComponents [${components.join(", ")}] lacks SYSTEM_COMPONENTS`;
    }
    return undefined;
}

export const rule = defineRule({
    id: "gcp-gke-logging-monitoring",
    description: "GKE sends its system components' logs and metrics to Cloud Logging and Cloud Monitoring (neither service is none, both enableComponents lists hold SYSTEM_COMPONENTS).",
    severity: "low",
    cloud: "gcp",
    references: {
        checkov: ["CKV_GCP_1", "CKV_GCP_8"],
        trivy: ["GCP-0060", "GCP-0052"],
        cis: ["CIS GKE 1.9.0 5.7.1"],
    },
    remediation: "anycloud sets loggingConfig [SYSTEM_COMPONENTS, WORKLOADS] and monitoringConfig [SYSTEM_COMPONENTS] with Managed Prometheus (providers/gcp/cluster.ts); a fork must not set loggingService or monitoringService to none or drop SYSTEM_COMPONENTS. GKE's audit logs go to Cloud Audit Logs regardless.",
    resourceTypes: ["gcp:container/cluster:Cluster"],
    check(resource) {
        const gaps = [gap(resource, "logging"), gap(resource, "monitoring")].filter((g): g is string => g !== undefined);
        return gaps.length > 0 ? fail(gaps.join("; ")) : PASS;
    },
});
