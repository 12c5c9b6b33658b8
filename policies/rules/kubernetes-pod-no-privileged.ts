import { CheckedResource, defineRule, fail, notApplicable, PASS, UNKNOWN_VALUE, valueAt, Verdict } from "../rule";

/**
 * Pod specs the package writes itself (not through a Helm chart), by resource type: the core
 * workloads, and the Elastic operator's (ECK) resources, whose `podTemplate` ECK merges with its
 * own defaults into the pods it creates. The kubernetes rules on pods share these helpers.
 */
const CORE_WORKLOADS: Record<string, string> = {
    "kubernetes:core/v1:Pod": "spec",
    "kubernetes:apps/v1:Deployment": "spec.template.spec",
    "kubernetes:apps/v1:DaemonSet": "spec.template.spec",
    "kubernetes:apps/v1:StatefulSet": "spec.template.spec",
    "kubernetes:apps/v1:ReplicaSet": "spec.template.spec",
    "kubernetes:core/v1:ReplicationController": "spec.template.spec",
    "kubernetes:batch/v1:Job": "spec.template.spec",
    "kubernetes:batch/v1:CronJob": "spec.jobTemplate.spec.template.spec",
};

/** What ECK does with a resource's pod template (elastic/cloud-on-k8s, pkg/apis/<kind> and pkg/controller/<kind>/pod.go). */
export interface EckKind {
    /** The container ECK fills in (image, ports, defaults); the pod template may list it to override them. */
    mainContainer: string;
    /**
     * Whether ECK mounts a service account token when the template says nothing: no for most kinds
     * (PodTemplateBuilder.setDefaults sets automountServiceAccountToken false), yes for Agent and
     * Logstash (WithAutomountServiceAccountToken), which call the Kubernetes API.
     */
    mountsTokenByDefault: boolean;
    /** Where the pod templates sit: one per node set for Elasticsearch, one per workload kind for Agent. */
    templates(props: Record<string, unknown>): { where: string; template: unknown }[];
}

const single = (props: Record<string, unknown>) => [{ where: "spec.podTemplate", template: valueAt(props, "spec.podTemplate") }];

export const ECK_KINDS: Record<string, EckKind> = {
    "kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch": {
        mainContainer: "elasticsearch",
        mountsTokenByDefault: false,
        templates: (props) => {
            const nodeSets = valueAt(props, "spec.nodeSets");
            return Array.isArray(nodeSets)
                ? nodeSets.map((nodeSet, i) => ({ where: `spec.nodeSets[${i}].podTemplate`, template: valueAt(nodeSet, "podTemplate") }))
                : [];
        },
    },
    "kubernetes:kibana.k8s.elastic.co/v1:Kibana": { mainContainer: "kibana", mountsTokenByDefault: false, templates: single },
    "kubernetes:apm.k8s.elastic.co/v1:ApmServer": { mainContainer: "apm-server", mountsTokenByDefault: false, templates: single },
    "kubernetes:enterprisesearch.k8s.elastic.co/v1:EnterpriseSearch": { mainContainer: "enterprise-search", mountsTokenByDefault: false, templates: single },
    "kubernetes:maps.k8s.elastic.co/v1alpha1:ElasticMapsServer": { mainContainer: "maps", mountsTokenByDefault: false, templates: single },
    "kubernetes:logstash.k8s.elastic.co/v1alpha1:Logstash": { mainContainer: "logstash", mountsTokenByDefault: true, templates: single },
    "kubernetes:agent.k8s.elastic.co/v1alpha1:Agent": {
        mainContainer: "agent",
        mountsTokenByDefault: true,
        templates: (props) => ["daemonSet", "deployment", "statefulSet"]
            .map((kind) => ({ where: `spec.${kind}.podTemplate`, template: valueAt(props, `spec.${kind}.podTemplate`) }))
            .filter((t) => t.template !== undefined),
    },
};

/** Every resource type whose inputs hold a pod spec. */
export const POD_TYPES = [...Object.keys(CORE_WORKLOADS), ...Object.keys(ECK_KINDS)];

export type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** One pod spec of a resource. */
export interface PodTemplate {
    /** Where the pod spec is in the resource's inputs, for messages. */
    where: string;
    spec: Obj;
    /** Set for ECK resources: the operator completes the pod from this template. */
    eck?: EckKind;
}

/** One container of a pod spec (init and ephemeral containers included). */
export interface ContainerAt {
    /** For messages: `container "kibana" (spec.podTemplate.spec.containers[0])`. */
    label: string;
    name: string;
    container: Obj;
}

/** The resource's pod specs; "unknown" when one is computed (the plan's unknown mark) and cannot be judged. */
export function podTemplatesOf(resource: CheckedResource): PodTemplate[] | "unknown" {
    const corePath = CORE_WORKLOADS[resource.type];
    if (corePath) {
        const spec = valueAt(resource.props, corePath);
        if (spec === UNKNOWN_VALUE) {
            return "unknown";
        }
        return [{ where: corePath, spec: isObject(spec) ? spec : {} }];
    }
    const eck = ECK_KINDS[resource.type];
    if (!eck) {
        return [];
    }
    const templates: PodTemplate[] = [];
    for (const { where, template } of eck.templates(resource.props)) {
        const spec = valueAt(template, "spec");
        if (template === UNKNOWN_VALUE || spec === UNKNOWN_VALUE) {
            return "unknown";
        }
        // No template: ECK builds the pod from its defaults alone.
        templates.push({ where: `${where}.spec`, spec: isObject(spec) ? spec : {}, eck });
    }
    return templates;
}

/** Containers, init containers and ephemeral containers of a pod spec. */
export function containersOf(template: PodTemplate): ContainerAt[] {
    return ["containers", "initContainers", "ephemeralContainers"].flatMap((list) => {
        const containers = template.spec[list];
        if (!Array.isArray(containers)) {
            return [];
        }
        return containers.filter(isObject).map((container, i) => {
            const name = typeof container.name === "string" ? container.name : `#${i}`;
            return { label: `container "${name}" (${template.where}.${list}[${i}])`, name, container };
        });
    });
}

/**
 * For an ECK pod template that does not list the main container: why settings the rule needs
 * written out are not (ECK fills that container from its own defaults, which anycloud does not pin).
 */
export function missingMainContainer(template: PodTemplate): string | undefined {
    if (!template.eck || containersOf(template).some((c) => c.name === template.eck!.mainContainer)) {
        return undefined;
    }
    return `${template.where} does not list the "${template.eck.mainContainer}" container, so ECK's defaults decide its settings`;
}

/**
 * The verdict over every pod spec of the resource: `problemsOf` lists what is wrong with one pod
 * spec (empty when it is fine). Not applicable when a pod spec is computed.
 */
export function judgePods(resource: CheckedResource, problemsOf: (template: PodTemplate) => string[]): Verdict {
    const templates = podTemplatesOf(resource);
    if (templates === "unknown") {
        return notApplicable("the pod template is computed during the deployment and cannot be checked before it");
    }
    const problems = templates.flatMap(problemsOf);
    return problems.length > 0 ? fail(problems.join("; ")) : PASS;
}

/**
 * judgePods for a rule about every container's own settings: an ECK pod template that leaves out
 * its main container is a problem too, since ECK's defaults then decide that container's settings.
 */
export function judgeContainers(resource: CheckedResource, problemsOf: (container: ContainerAt) => string[]): Verdict {
    return judgePods(resource, (template) => {
        const missing = missingMainContainer(template);
        return [...(missing ? [missing] : []), ...containersOf(template).flatMap(problemsOf)];
    });
}

export const rule = defineRule({
    id: "kubernetes-pod-no-privileged",
    description: "No container of a pod the package defines (Job, Deployment, DaemonSet, StatefulSet, Pod, CronJob, ECK pod templates) runs privileged.",
    severity: "high",
    cloud: "kubernetes",
    references: {
        checkov: ["CKV_K8S_16"],
        trivy: ["KSV-0017"],
        cis: ["CIS EKS 1.8.0 4.2.1", "CIS AKS 1.8 4.2.1", "CIS GKE 1.9.0 4.2.1"],
    },
    remediation: "Remove `securityContext.privileged: true` from the container; grant the one capability it needs instead "
        + "(and drop ALL others). anycloud writes `privileged: false`; a fork that sets it must not.",
    resourceTypes: POD_TYPES,
    check(resource) {
        return judgePods(resource, (template) => containersOf(template)
            .filter((c) => valueAt(c.container, "securityContext.privileged") === true)
            .map((c) => `${c.label} runs privileged`));
    },
});
