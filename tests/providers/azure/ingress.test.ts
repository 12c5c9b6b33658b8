import { strict as assert } from "assert";
import { Recording } from "../../../plan/recorder";
import { DNS_ZONE_CONTRIBUTOR, WORKLOAD_IDENTITY_AUDIENCE } from "../../../providers/azure/ingress";
import { input, ofType, single } from "../../helpers/record";
import { mockAzureResource } from "../../../plan/mocks-azure";
import { recorded, ZONES } from "../../components/ingress/stacks";

const IDENTITY = "azure-native:managedidentity:UserAssignedIdentity";

describe("Azure edge: external-dns's workload identity", () => {
    let recording: Recording;

    before(async () => {
        recording = (await recorded("tls-azure")).recording;
    });

    it("federates a user-assigned identity with external-dns's service account only, and lets it change the one DNS zone", () => {
        const identity = single(recording, IDENTITY, "-ingress-external-dns-identity");
        assert.equal(input(identity, "resourceName"), "id-external-dns-acme-transit-dev");
        assert.equal(input<Record<string, string>>(identity, "tags").component, "ingress");
        const federation = single(recording, "azure-native:managedidentity:FederatedIdentityCredential");
        assert.equal(input(federation, "subject"), "system:serviceaccount:external-dns:external-dns");
        assert.deepEqual(input(federation, "audiences"), [WORKLOAD_IDENTITY_AUDIENCE]);
        const cluster = single(recording, "azure-native:containerservice:ManagedCluster");
        assert.ok(federation.propertyDependencies.issuer.includes(cluster.urn), "the cluster's OIDC issuer");
        const grant = ofType(recording, "azure-native:authorization:RoleAssignment").find((r) => input(r, "scope") === ZONES.azure)!;
        assert.ok(grant, "a role assignment on the zone");
        assert.equal(input(grant, "roleDefinitionId"), `/subscriptions/33333333-3333-3333-3333-333333333333/providers/Microsoft.Authorization/roleDefinitions/${DNS_ZONE_CONTRIBUTOR}`);
        assert.equal(input(grant, "principalType"), "ServicePrincipal");
    });

    it("tells external-dns the zone's subscription and group in azure.json (ids, no credential) and marks its pods for workload identity", () => {
        const config = ofType(recording, "kubernetes:core/v1:ConfigMap").find((c) => input(c, "metadata.namespace") === "external-dns")!;
        assert.deepEqual(JSON.parse(input<Record<string, string>>(config, "data")["azure.json"]), {
            tenantId: "11111111-1111-1111-1111-111111111111", subscriptionId: "33333333-3333-3333-3333-333333333333", resourceGroup: "rg-dns", useWorkloadIdentityExtension: true,
        });
        const release = single(recording, "kubernetes:helm.sh/v3:Release", "-ingress-external-dns");
        assert.equal(input(release, "values.provider.name"), "azure");
        assert.deepEqual(input(release, "values.podLabels"), { "azure.workload.identity/use": "true" });
        const identity = single(recording, IDENTITY, "-ingress-external-dns-identity");
        const clientId = mockAzureResource(IDENTITY, identity.name, identity.inputs, "westeurope").state.clientId;
        assert.equal(input<Record<string, string>>(release, "values.serviceAccount.annotations")["azure.workload.identity/client-id"], clientId);
        assert.deepEqual(input(release, "values.extraVolumeMounts"), [{ name: "provider-config", mountPath: "/etc/kubernetes", readOnly: true }]);
        assert.deepEqual(input(release, "values.extraVolumes"), [{ name: "provider-config", configMap: { name: "external-dns-config" } }]);
        assert.ok(release.dependencies.includes(config.urn));
    });
});
