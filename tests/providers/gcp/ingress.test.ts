import { strict as assert } from "assert";
import { Recording } from "../../../plan/recorder";
import { GATEWAY_API_CHANNEL } from "../../../providers/gcp/cluster";
import { input, single } from "../../helpers/record";
import { recorded } from "../../components/ingress/stacks";

describe("GCP edge: the cluster's Gateway API setting and external-dns's Workload Identity", () => {
    let recording: Recording;

    before(async () => {
        recording = (await recorded("tls-gcp")).recording;
    });

    it("keeps GKE's own Gateway controller and CRDs off, so the edge installs the one standard copy", () => {
        assert.equal(GATEWAY_API_CHANNEL, "CHANNEL_DISABLED");
        assert.deepEqual(input(single(recording, "gcp:container/cluster:Cluster"), "gatewayApiConfig"), { channel: "CHANNEL_DISABLED" });
    });

    it("gives external-dns a service account of its own, trusted for its Kubernetes service account, changing only the one managed zone", () => {
        const account = single(recording, "gcp:serviceaccount/account:Account", "-ingress-external-dns-account");
        const email = `${String(input(account, "accountId"))}@acme-transit-dev.iam.gserviceaccount.com`;
        const zoneAdmin = single(recording, "gcp:dns/dnsManagedZoneIamMember:DnsManagedZoneIamMember");
        assert.deepEqual([input(zoneAdmin, "project"), input(zoneAdmin, "managedZone"), input(zoneAdmin, "role"), input(zoneAdmin, "member")],
            ["acme-dns-prod", "acme-example", "roles/dns.admin", `serviceAccount:${email}`]);
        const reader = single(recording, "gcp:projects/iAMMember:IAMMember", "-ingress-external-dns-dns-reader");
        assert.deepEqual([input(reader, "project"), input(reader, "role")], ["acme-dns-prod", "roles/dns.reader"], "read-only on the zone's project: external-dns lists zones to find its own");
        const workloadIdentity = single(recording, "gcp:serviceaccount/iAMMember:IAMMember", "-ingress-external-dns-workload-identity");
        assert.equal(input(workloadIdentity, "role"), "roles/iam.workloadIdentityUser");
        assert.equal(input(workloadIdentity, "member"), "serviceAccount:acme-transit-dev.svc.id.goog[external-dns/external-dns]");
        const release = single(recording, "kubernetes:helm.sh/v3:Release", "-ingress-external-dns");
        assert.equal(input(release, "values.provider.name"), "google");
        assert.deepEqual(input(release, "values.extraArgs"), ["--google-project=acme-dns-prod", "--google-zone-visibility=public", "--zone-id-filter=acme-example"]);
        assert.equal(input<Record<string, string>>(release, "values.serviceAccount.annotations")["iam.gke.io/gcp-service-account"], email);
        for (const grant of [zoneAdmin, reader, workloadIdentity]) {
            assert.ok(release.dependencies.includes(grant.urn), grant.name);
        }
    });
});
