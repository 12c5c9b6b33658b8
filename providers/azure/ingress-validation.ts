import type { CloudRules } from "../rules";

/** An Azure DNS zone's resource id: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/dnszones/<zone>. */
export const DNS_ZONE_ID = /^\/subscriptions\/([0-9a-f-]{36})\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/dnszones\/([^/]+)$/i;

/** The edge on Azure: an Azure DNS zone id for external-dns, holding the Gateway's domain. SDK-free. */
export const azureIngressRules: CloudRules = ({ ingress }, add) => {
    const zone = ingress?.enabled ? ingress.externalDns?.zone : undefined;
    if (zone === undefined) {
        return;
    }
    const match = DNS_ZONE_ID.exec(zone);
    if (!match) {
        add(["ingress", "externalDns", "zone"], zone, "must be an Azure DNS zone's resource id: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/dnszones/<zone> (az network dns zone show -g <group> -n <zone> --query id)");
        return;
    }
    const zoneName = match[3].toLowerCase();
    if (ingress?.domain && ingress.domain !== zoneName && !ingress.domain.endsWith(`.${zoneName}`)) {
        add(["ingress", "domain"], ingress.domain, `is not in the DNS zone ${zoneName} (ingress.externalDns.zone): external-dns can publish only names under the zone's`);
    }
};
