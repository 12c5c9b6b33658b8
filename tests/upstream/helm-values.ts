import Ajv from "ajv";
import { existsSync, readdirSync, readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import type { ResourceRecord } from "../../plan/recorder";

/**
 * Checks the Helm values the code sets against the defaults of the chart version it installs, pinned in
 * ../shared/reference/charts/<chart>-<version>/. Helm silently ignores a value key the chart does not
 * read, so a typo or a key renamed upstream would otherwise ship as a setting that does nothing.
 */

/** Resource types that install a Helm chart from `chart`, `version`, `repositoryOpts.repo` and `values`. */
export const HELM_RELEASE_TYPES = ["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"];

/**
 * Keys whose value the charts document as free-form (charts/README.md): the key itself must exist in the
 * defaults, but what goes below it is the user's (pod annotations, extra CLI flags, scheduling rules,
 * Kubernetes objects such as resources or security contexts). An entry matches every value path that ends
 * with it, so "annotations" covers "controller.annotations" and "serviceAccount.annotations" alike.
 */
export const FREE_FORM_KEYS = [
    "extraArgs",
    "podAnnotations",
    "podLabels",
    "annotations",
    "labels",
    "nodeSelector",
    "tolerations",
    "affinity",
    "resources",
    "securityContext",
    "podSecurityContext",
    "containerSecurityContext",
    "env",
    "extraEnv",
    "additionalScrapeConfigs",
    "serviceAccount.annotations",
    "rbac.serviceAccount.annotations",
    // Kubernetes Probe objects the charts render verbatim (grafana: toYaml .Values.readinessProbe).
    "readinessProbe",
    "livenessProbe",
    // A prometheus-operator TLSConfig, rendered verbatim into the ServiceMonitor (grafana's servicemonitor.yaml).
    "serviceMonitor.tlsConfig",
    // Grafana's own configuration file, section by section (the grafana chart's _config.tpl writes any key).
    "grafana.ini",
    // aws-load-balancer-controller: AWS tags for every load balancer, target group and security group it creates ("defaultTags: {}").
    "defaultTags",
];

/**
 * Keys a chart documents only in comments of its values.yaml, so they are missing from the parsed defaults
 * although its templates read them (e.g. kube-prometheus-stack `grafana.adminPassword`, cert-manager
 * `image.tag`). Chart name -> dotted paths; anything below such a key is accepted too. Add one only with
 * the values.yaml comment that documents it, and prefer a real key where there is one.
 */
export const COMMENT_ONLY_KEYS: Record<string, string[]> = {
    "kube-prometheus-stack": [
        // values.yaml: "# configSecret:" under alertmanager.alertmanagerSpec ("Secret ... containing the Alertmanager config").
        "alertmanager.alertmanagerSpec.configSecret",
        // values.yaml: "# volumeClaimTemplate:" under alertmanagerSpec.storage and prometheusSpec.storageSpec (prometheus-operator StorageSpec).
        "alertmanager.alertmanagerSpec.storage.volumeClaimTemplate",
        "prometheus.prometheusSpec.storageSpec.volumeClaimTemplate",
        // grafana subchart values.yaml: "# storageClassName: default" under persistence.
        "grafana.persistence.storageClassName",
        // grafana subchart values.yaml: "# podAnnotations: {}" ("Pod Annotations"); deployment.yaml renders it.
        "grafana.podAnnotations",
    ],
    "aws-load-balancer-controller": [
        // values.yaml: "podDisruptionBudget: {}" followed by "#  maxUnavailable: 1"; the PDB template renders the map.
        "podDisruptionBudget.maxUnavailable",
    ],
};

export interface HelmRelease {
    /** The resource's logical name, for messages. */
    resource: string;
    /** The `chart` input as given: a name, "repo/name" or an oci:// reference. */
    chart: string;
    version: string;
    repo: string;
    values: unknown;
}

export interface PinnedChart {
    name: string;
    version: string;
    dir: string;
    /** The chart's values.yaml, with each pinned subchart's defaults merged under its key. */
    defaults: Record<string, unknown>;
    /** values.schema.json, which Helm enforces on install, where the chart ships one. */
    schema?: object;
}

type Values = Record<string, unknown>;

function isMap(value: unknown): value is Values {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every Helm release among recorded resources. */
export function helmReleases(resources: ResourceRecord[]): HelmRelease[] {
    return resources.filter((r) => HELM_RELEASE_TYPES.includes(r.type)).map((r) => {
        const repositoryOpts = isMap(r.inputs.repositoryOpts) ? r.inputs.repositoryOpts : {};
        return {
            resource: `${r.type} ${r.name}`,
            chart: String(r.inputs.chart ?? ""),
            version: String(r.inputs.version ?? ""),
            repo: String(repositoryOpts.repo ?? ""),
            values: r.inputs.values ?? {},
        };
    });
}

/** The chart's own name: the last segment of "repo/name" or "oci://registry/path/name". */
export function chartName(chart: string): string {
    return chart.replace(/\/+$/, "").split("/").pop() ?? chart;
}

/** A pinned chart's folder, or undefined. Helm matches "1.2.3" and "v1.2.3" to the same release. */
function pinnedChartDir(chartsDir: string, name: string, version: string): string | undefined {
    const bare = version.replace(/^v/, "");
    return [`${name}-${version}`, `${name}-${bare}`, `${name}-v${bare}`]
        .map((folder) => join(chartsDir, folder))
        .find((dir) => existsSync(dir));
}

function readValuesFile(dir: string): Values {
    // Envoy Gateway keeps only values.tmpl.yaml in git; it has the same key paths as the published values.yaml.
    const file = ["values.yaml", "values.tmpl.yaml"].map((f) => join(dir, f)).find((f) => existsSync(f));
    if (!file) {
        throw new Error(`${dir} has no values.yaml`);
    }
    return (parse(readFileSync(file, "utf8")) as Values | null) ?? {};
}

/** `base` overlaid with `top`: maps merge key by key, anything else in `top` wins. */
function overlay(base: unknown, top: unknown): unknown {
    if (!isMap(base) || !isMap(top)) {
        return top === undefined ? base : top;
    }
    const merged: Values = { ...base };
    for (const [key, value] of Object.entries(top)) {
        merged[key] = overlay(base[key], value);
    }
    return merged;
}

/**
 * Loads the pinned copy of the chart a release installs. Subcharts (subcharts/<name>[-<version>]/) get
 * the values under their name, as Helm passes `grafana.*` to the grafana subchart, so their defaults
 * are merged there under the parent's own overrides.
 */
export function loadPinnedChart(chartsDir: string, chart: string, version: string): PinnedChart {
    const name = chartName(chart);
    const dir = pinnedChartDir(chartsDir, name, version);
    if (!dir) {
        const pinned = existsSync(chartsDir) ? readdirSync(chartsDir).filter((f) => f.startsWith(`${name}-`)) : [];
        throw new Error(
            `no pinned chart ${name} ${version || "(no version set)"} in ${chartsDir}` +
            (pinned.length > 0 ? ` (pinned: ${pinned.join(", ")})` : "") +
            `: pin the same chart versions the code installs`,
        );
    }
    let defaults = readValuesFile(dir);
    const subchartsDir = join(dir, "subcharts");
    for (const folder of existsSync(subchartsDir) ? readdirSync(subchartsDir) : []) {
        const subchart = folder.replace(/-v?\d+\.\d+\.\d+.*$/, "");
        defaults = { ...defaults, [subchart]: overlay(readValuesFile(join(subchartsDir, folder)), defaults[subchart]) };
    }
    const schemaFile = join(dir, "values.schema.json");
    const schema = existsSync(schemaFile) ? JSON.parse(readFileSync(schemaFile, "utf8")) as object : undefined;
    return { name, version, dir, defaults, schema };
}

function isFreeForm(path: string): boolean {
    return FREE_FORM_KEYS.some((key) => path === key || path.endsWith(`.${key}`));
}

/** The keys of every map in a default list, merged deeply: a list's items show different optional keys (one a hostPath `type`, another `readOnly`). */
function unionOfItems(items: unknown[]): Values | undefined {
    const maps = items.filter(isMap);
    if (maps.length === 0) {
        return undefined;
    }
    const union: Values = {};
    for (const map of maps) {
        for (const [key, value] of Object.entries(map)) {
            union[key] = isMap(union[key]) && isMap(value) ? unionOfItems([union[key], value]) : (key in union && union[key] !== null ? union[key] : value);
        }
    }
    return union;
}

/**
 * Dotted paths in `values` that the chart defaults do not have. Checks presence (`in`), since many
 * defaults are null, "" or {}. Descends where both sides are maps; into lists only where the default
 * list has objects to compare each element with (the union of their keys); stops at free-form keys
 * and at `allowed` paths.
 */
export function missingValueKeys(values: unknown, defaults: unknown, allowed: string[] = [], path = ""): string[] {
    if (Array.isArray(values)) {
        const template = Array.isArray(defaults) ? unionOfItems(defaults) : undefined;
        return isMap(template)
            ? values.flatMap((element, i) => missingValueKeys(element, template, allowed, `${path}[${i}]`))
            : [];
    }
    if (!isMap(values) || !isMap(defaults)) {
        return [];
    }
    return Object.entries(values).flatMap(([key, value]) => {
        const keyPath = path ? `${path}.${key}` : key;
        if (allowed.includes(keyPath.replace(/\[\d+\]/g, ""))) {
            return [];
        }
        if (!(key in defaults)) {
            return [keyPath];
        }
        return isFreeForm(keyPath) ? [] : missingValueKeys(value, defaults[key], allowed, keyPath);
    });
}

/** Whether the chart's SOURCE.md names the repository the release installs from. */
function sourceNamesRepo(chart: PinnedChart, repo: string): boolean {
    const source = join(chart.dir, "SOURCE.md");
    return existsSync(source) && readFileSync(source, "utf8").includes(repo.replace(/\/+$/, ""));
}

/**
 * Everything wrong with one release against its pinned chart, one line per problem, each naming the
 * chart and the dotted value path. Empty when the release is fine.
 */
export function releaseProblems(chartsDir: string, release: HelmRelease): string[] {
    let chart: PinnedChart;
    try {
        chart = loadPinnedChart(chartsDir, release.chart, release.version);
    } catch (error) {
        return [`${release.resource}: ${(error as Error).message}`];
    }
    const label = `${release.resource} (chart ${chart.name} ${chart.version})`;
    const problems: string[] = [];
    // A fork published under the same chart name has other defaults; oci:// charts carry their registry in `chart`.
    const repo = release.repo || (release.chart.startsWith("oci://") ? release.chart : "");
    if (repo && !sourceNamesRepo(chart, repo)) {
        problems.push(`${label}: repository ${repo} is not the one pinned in ${join(chart.dir, "SOURCE.md")}`);
    }
    if (!isMap(release.values)) {
        // A secret or computed `values` as a whole would hide every key from this check.
        return [...problems, `${label}: values is ${JSON.stringify(release.values)}, not a map whose keys can be checked`];
    }
    const allowed = COMMENT_ONLY_KEYS[chart.name] ?? [];
    if (!chart.schema) {
        problems.push(...missingValueKeys(release.values, chart.defaults, allowed).map((path) => `${label}: ${path} is not in the chart's values.yaml`));
    } else {
        // The chart's schema is what Helm enforces, and it has the keys its values.yaml shows only in comments
        // (cert-manager's image.tag, config's ControllerConfiguration): it replaces the key-path check (charts/README.md).
        const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(chart.schema);
        if (!validate(release.values)) {
            problems.push(...(validate.errors ?? []).map((e) => `${label}: values.schema.json: ${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`));
        }
    }
    return problems;
}
