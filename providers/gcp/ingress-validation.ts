import type { CloudRules } from "../rules";

/** A Cloud DNS managed zone: its name (in gcp.project), or projects/<project>/managedZones/<name>. */
export const MANAGED_ZONE = /^(?:projects\/([a-z][a-z0-9-]{4,28}[a-z0-9])\/managedZones\/)?([a-z]([-a-z0-9]{0,61}[a-z0-9])?)$/;

/** The edge on GCP: a Cloud DNS managed zone for external-dns. SDK-free. */
export const gcpIngressRules: CloudRules = ({ ingress }, add) => {
    if (ingress?.enabled && ingress.externalDns?.zone !== undefined && !MANAGED_ZONE.test(ingress.externalDns.zone)) {
        add(["ingress", "externalDns", "zone"], ingress.externalDns.zone, "must be a Cloud DNS managed zone's name (in gcp.project) or projects/<project>/managedZones/<name> (gcloud dns managed-zones list)");
    }
};
