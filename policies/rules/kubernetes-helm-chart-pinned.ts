import { defineRule, fail, PASS, UNKNOWN_VALUE, valueAt } from "../rule";
import { RELEASE } from "./kubernetes-helm-no-privileged-values";

/** An exact SemVer version (Helm charts are versioned so): no range, no wildcard. */
const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export const rule = defineRule({
    id: "kubernetes-helm-chart-pinned",
    description: "Every Helm release names an exact chart version and fetches the chart over HTTPS or OCI, so an upgrade of the package, never an upstream release, changes what runs.",
    severity: "medium",
    cloud: "kubernetes",
    // No scanner rule reads Helm releases given to Pulumi; this is the chart-level twin of pinned images (CKV_K8S_14, KSV-0013).
    references: {},
    remediation: "Set the release's `version` to an exact chart version (anycloud pins them in components/observability/shared.ts "
        + "CHARTS) and its `repositoryOpts.repo` to an https:// or oci:// URL.",
    resourceTypes: [RELEASE],
    check(release) {
        const problems: string[] = [];
        const version = release.props.version;
        const chart = typeof release.props.chart === "string" ? release.props.chart : "";
        if (/^(\.{0,2}\/|file:)/.test(chart)) {
            // A chart in the program's own files: its version is whatever the program ships.
        } else if (version === UNKNOWN_VALUE) {
            // Computed from another resource: whatever it is, it is chosen by the program.
        } else if (typeof version !== "string" || version === "") {
            problems.push("no chart version: Helm installs whatever is newest when the release is created or updated");
        } else if (!EXACT_VERSION.test(version.trim())) {
            problems.push(`version ${version} is not one exact version`);
        }
        const repo = valueAt(release.props, "repositoryOpts.repo");
        for (const [what, location] of [["repositoryOpts.repo", repo], ["chart", chart]] as const) {
            if (typeof location === "string" && /^http:\/\//i.test(location)) {
                problems.push(`${what} ${location} is fetched over plain HTTP`);
            }
        }
        return problems.length > 0 ? fail(problems.join("; ")) : PASS;
    },
});
