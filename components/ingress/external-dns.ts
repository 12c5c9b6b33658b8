import { ConfigMap } from "@pulumi/kubernetes/core/v1/configMap";
import { Release } from "@pulumi/kubernetes/helm/v3/release";
import * as pulumi from "@pulumi/pulumi";
import { CHARTS, IngressPartArgs, kubernetesOptions, NAMES, NAMESPACES } from "./shared";

type Values = Record<string, unknown>;

/** `base` with `top` merged in: maps key by key, lists concatenated, anything else from `top`. */
function merged(base: Values, top: Values): Values {
    const result: Values = { ...base };
    for (const [key, value] of Object.entries(top)) {
        const current = result[key];
        if (Array.isArray(current) && Array.isArray(value)) {
            result[key] = [...current, ...value];
        } else if (current && value && typeof current === "object" && typeof value === "object" && !Array.isArray(current) && !Array.isArray(value)) {
            result[key] = merged(current as Values, value as Values);
        } else {
            result[key] = value;
        }
    }
    return result;
}

/**
 * external-dns for the one zone of anycloud:ingress.externalDns: it publishes the host names of the
 * HTTPRoutes attached to the platform's Gateway (its namespace only) under ingress.domain, pointing at the
 * Gateway's load balancer, and deletes the records it made (TXT ownership records with the platform's
 * name as owner) when their routes go. Its cloud identity comes from the cluster adapter: allowed to
 * change that zone only.
 */
export function createExternalDns(name: string, args: IngressPartArgs, parent: pulumi.Resource, dependsOn: pulumi.Resource[]): Release {
    const { settings, support, context } = args;
    const zone = settings.externalDns!.zone;
    const identity = support.ingress.externalDns(`${name}-external-dns`, {
        zone,
        namespace: NAMESPACES.externalDns,
        serviceAccount: NAMES.externalDnsServiceAccount,
    }, { parent });
    const files = identity.configFiles ?? {};
    const mounted: Values = {};
    const waits: pulumi.Resource[] = [];
    if (Object.keys(files).length > 0) {
        const config = new ConfigMap(`${name}-external-dns-config`, {
            metadata: { name: NAMES.externalDnsConfig, namespace: NAMESPACES.externalDns },
            data: files,
        }, kubernetesOptions(args, parent, dependsOn));
        waits.push(config);
        mounted.extraVolumes = [{ name: "provider-config", configMap: { name: NAMES.externalDnsConfig } }];
        mounted.extraVolumeMounts = [{ name: "provider-config", mountPath: identity.configDirectory, readOnly: true }];
    }
    const values = merged(merged({
        provider: { name: identity.provider },
        sources: ["gateway-httproute"],
        gatewayNamespace: NAMESPACES.gateway,
        domainFilters: [settings.domain!],
        policy: "sync",
        registry: "txt",
        txtOwnerId: context.namePrefix,
        serviceAccount: { create: true, name: NAMES.externalDnsServiceAccount },
        resources: { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "256Mi" } },
    }, identity.values), mounted);
    return new Release(`${name}-external-dns`, {
        name: "external-dns",
        chart: CHARTS.externalDns.chart,
        version: CHARTS.externalDns.version,
        repositoryOpts: { repo: CHARTS.externalDns.repo },
        namespace: NAMESPACES.externalDns,
        atomic: true,
        values,
    }, kubernetesOptions(args, parent, [...dependsOn, ...waits, ...identity.ready, ...support.workloadsReady]));
}
