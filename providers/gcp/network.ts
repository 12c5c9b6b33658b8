import { refuseChangedCreationSettings } from "../../components/creation-settings";
import * as compute from "@pulumi/gcp/compute";
import * as servicenetworking from "@pulumi/gcp/servicenetworking";
import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "../../components/context";
import { NetworkArgs, NetworkOutputs } from "../../components/network";
import { componentLabels } from "./labels";
import { firewallName, gcpName } from "./network-names";
import { SECONDARY_RANGES, secondaryRanges, subnetRanges } from "./network-ranges";
import { zonesOf } from "./zones";

export { firewallName, gcpName, serviceAccountId } from "./network-names";
export { nodeCapacity, rangeNameOf, SECONDARY_RANGES, secondaryRanges, subnetRanges, subnetRangesOf, SubnetRanges } from "./network-ranges";

/**
 * Firewall priorities of the platform (lower wins). Every rule targets service accounts, never
 * network tags: anyone who may edit an instance may set its tags, while attaching a service
 * account takes iam.serviceAccountUser on it.
 */
export const FIREWALL_PRIORITY = {
    /** Components' allows: SSH to the bastion, health checks, database clients. */
    allow: 1000,
    /** Components' targeted denies, evaluated after every allow (e.g. the database's 5432 for everyone else). */
    deny: 2000,
    /** Allows that apply only where no deny matched (the bastion's web egress after its deny of private space). */
    afterDeny: 3000,
    /** One component's deny of everything else (the bastion's egress). */
    catchAll: 65000,
    /** The network's logged deny of all ingress, just before GCP's implied deny (65535), which logs nothing. */
    denyAllIngress: 65534,
} as const;

/** Recommended settings of CIS GCP 3.8: every flow, 5-second aggregation, all metadata. */
export const FLOW_LOGS = { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 1, metadata: "INCLUDE_ALL_METADATA" };
export const PSA_SERVICE = "servicenetworking.googleapis.com";
/** Firewall Rules Logging with connection metadata (who, to what, which rule). */
export const FIREWALL_LOGS = { metadata: "INCLUDE_ALL_METADATA" };

/**
 * What the GCP network needs besides NetworkArgs: the Kubernetes Service range, which on GCP is
 * a secondary range of the node subnet (components/platform.ts passes cluster.serviceCidr).
 */
export type GcpNetworkArgs = NetworkArgs & { serviceCidr?: string };

export function gcpScope(context: PlatformContext, what: string): NonNullable<PlatformContext["gcpScope"]> {
    if (!context.gcpScope) {
        throw new Error(`${what}: context.gcpScope is missing; the GCP foundation (providers/gcp/foundation.ts) creates it`);
    }
    return context.gcpScope;
}

/**
 * Settings the subnets and the Private Service Access range are created with: a changed
 * network.cidr moves them, and GCP can neither move a subnet (a fixed-name replacement fails:
 * the new one cannot be created while the old one holds the name, nor the old one deleted while
 * nodes use it) nor a Service range a cluster uses. They are kept in the state at creation (a
 * Stash keeps its first value); a later change is refused with the key, before anything is touched.
 */
function checkCreationSettings(name: string, settings: Record<string, string>, parent: pulumi.Resource | undefined, dependsOn: pulumi.Resource[]): pulumi.Output<void> {
    return refuseChangedCreationSettings(name, settings, {
        subject: "the GCP network",
        consequence: "moving its subnets and secondary ranges under a running cluster and database",
        rebuildDoc: "docs/gcp.md",
    }, { parent, dependsOn });
}

/**
 * A custom-mode VPC with one regional subnet per tier: the nodes' (private slot 0, with the
 * pods and Services secondary ranges) and the bastion's (public slot 0), both with Private
 * Google Access and flow logs; Cloud NAT for the node subnet only, on reserved addresses; the
 * Private Service Access range (data slot 0) and its peering for Cloud SQL; and a logged deny of
 * all ingress under every allow. The components add their own firewall rules.
 */
export function createNetwork(name: string, args: GcpNetworkArgs, opts: pulumi.ComponentResourceOptions): NetworkOutputs {
    const { context, settings } = args;
    const { services } = gcpScope(context, "createNetwork");
    if (args.serviceCidr === undefined) {
        throw new Error("createNetwork: args.serviceCidr is missing; on GCP the Service range is a secondary range of the node subnet, so the Platform passes cluster.serviceCidr to the Network");
    }
    if (settings.natGateways === "none") {
        throw new Error("anycloud:network.natGateways = none: GCP nodes have no external addresses, so Cloud NAT is their only way to registries outside Google");
    }
    const ranges = subnetRanges(settings.cidr);
    const secondary = secondaryRanges(settings.cidr, args.serviceCidr);
    // Every resource waits for the project's APIs (a fresh project has compute off).
    const base: pulumi.CustomResourceOptions = { ...opts, dependsOn: services };
    const created = checkCreationSettings(name, { "anycloud:network.cidr": settings.cidr, "anycloud:cluster.serviceCidr": args.serviceCidr }, opts.parent, services);
    const checked = <T>(value: T) => created.apply(() => value);

    // No descriptions on the VPC, subnets and addresses: GCP cannot change them in place, so a
    // reworded one in a later anycloud release would replace the resource.
    const vpc = new compute.Network(`${name}-vpc`, {
        name: gcpName(context, "vpc"),
        autoCreateSubnetworks: false,
        // Routes stay in the region: nothing of the platform lives elsewhere.
        routingMode: "REGIONAL",
        // Cloud NAT and Private Google Access both leave through the default internet route.
        deleteDefaultRoutesOnCreate: false,
    }, base);

    const subnetwork = (kind: string, ipCidrRange: pulumi.Input<string>, extra: Partial<compute.SubnetworkArgs>) => new compute.Subnetwork(`${name}-${kind}`, {
        name: gcpName(context, `snet-${kind}`),
        region: context.region,
        network: vpc.id,
        ipCidrRange,
        // Google APIs (Artifact Registry, logging, Cloud SQL Admin) without an external address.
        privateIpGoogleAccess: true,
        logConfig: FLOW_LOGS,
        ...extra,
    }, base);
    // VPC-native: pods take addresses of the "pods" range, Services of "services" (both
    // user-managed, so GKE adds no range of its own that this subnet's next update would remove).
    const nodeSubnet = subnetwork("nodes", checked(ranges.node), { secondaryIpRanges: checked(secondary) });
    const bastionSubnet = subnetwork("bastion", checked(ranges.bastion), {});

    const { router, nat } = createNat(name, args, nodeSubnet, vpc, base);
    const psa = createPrivateServiceAccess(name, context, vpc, checked(ranges.psa), base);

    // Ingress nothing allows is dropped anyway (GCP's implied deny at 65535); this rule logs it.
    new compute.Firewall(`${name}-deny-all-ingress`, {
        name: firewallName(context, "deny-all-ingress"),
        description: "Nothing reaches the platform unless a rule of a component allows it (logged)",
        network: vpc.id,
        direction: "INGRESS",
        priority: FIREWALL_PRIORITY.denyAllIngress,
        sourceRanges: ["0.0.0.0/0"],
        denies: [{ protocol: "all" }],
        logConfig: FIREWALL_LOGS,
    }, base);

    return {
        networkId: vpc.id,
        // Through the creation check, so what reads the ranges (firewall rules of the other
        // components) also stops on a refused change.
        cidr: checked(settings.cidr),
        zones: pulumi.output(zonesOf(context.region).slice(0, settings.zones)),
        publicSubnetIds: bastionSubnet.id.apply((id) => [id]),
        privateSubnetIds: nodeSubnet.id.apply((id) => [id]),
        // The range Cloud SQL takes its addresses from, published once its peering exists.
        dataSubnetIds: pulumi.all([psa.range.id, psa.connection.id]).apply(([id]) => [id]),
        // The bastion's external address routes through the network's default internet route.
        publicRouting: [bastionSubnet],
        // Nodes reach registries once NAT serves their subnet.
        privateRouting: [router, nat, nodeSubnet],
    };
}

/**
 * Cloud Router and Cloud NAT (regional: one NAT serves every zone, so single and perZone differ
 * in addresses only). MANUAL_ONLY on reserved addresses: the egress addresses are stable, so a
 * third party can allowlist them, and survive a rebuild of the NAT (AUTO_ONLY hands out and takes
 * back ephemeral ones). Only the node subnet's primary range and its pods range are translated:
 * the bastion has its own address, and Service IPs never leave a node. Dynamic port allocation
 * gives a busy node more ports instead of failing its connections; errors are logged.
 */
function createNat(name: string, args: GcpNetworkArgs, nodeSubnet: compute.Subnetwork, vpc: compute.Network, base: pulumi.CustomResourceOptions) {
    const { context, settings } = args;
    const count = settings.natGateways === "perZone" ? settings.zones : 1;
    // Named by index: growing network.zones appends an address, shrinking drops the last (after the NAT lets go of it).
    const addresses = Array.from({ length: count }, (_, i) => new compute.Address(`${name}-nat-ip-${i}`, {
        name: gcpName(context, `ip-nat-${i}`),
        region: context.region,
        addressType: "EXTERNAL",
        networkTier: "PREMIUM",
        labels: componentLabels(context, "network"),
    }, base));
    const router = new compute.Router(`${name}-router`, {
        name: gcpName(context, "cr"),
        description: `Cloud NAT of ${context.namePrefix}`,
        region: context.region,
        network: vpc.id,
    }, base);
    const nat = new compute.RouterNat(`${name}-nat`, {
        name: gcpName(context, "nat"),
        router: router.name,
        region: context.region,
        natIpAllocateOption: "MANUAL_ONLY",
        natIps: addresses.map((address) => address.selfLink),
        sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
        subnetworks: [{
            name: nodeSubnet.selfLink,
            sourceIpRangesToNats: ["PRIMARY_IP_RANGE", "LIST_OF_SECONDARY_IP_RANGES"],
            secondaryIpRangeNames: [SECONDARY_RANGES.pods],
        }],
        // Dynamic port allocation excludes endpoint-independent mapping.
        enableEndpointIndependentMapping: false,
        enableDynamicPortAllocation: true,
        minPortsPerVm: 64,
        maxPortsPerVm: 4096,
        logConfig: { enable: true, filter: "ERRORS_ONLY" },
    }, base);
    return { addresses, router, nat };
}

/**
 * Private Service Access: the data tier's range, allocated to Google's service producers, and
 * the peering Cloud SQL takes its private addresses through. Protected with the platform (the
 * database is cut off without them). The connection is abandoned on delete, not deleted:
 * Service Networking refuses the delete while a producer still holds addresses, and Cloud SQL
 * holds them for days after an instance is gone, so a destroy would stop here. Abandoned, the
 * peering stays on the VPC until removed by hand (docs/gcp.md: `gcloud compute networks
 * peerings delete servicenetworking-googleapis-com --network <vpc>`); a later create on the same
 * network updates the leftover connection instead of failing (updateOnCreationFail).
 */
function createPrivateServiceAccess(name: string, context: PlatformContext, vpc: compute.Network, cidr: pulumi.Output<string>, base: pulumi.CustomResourceOptions) {
    const stateful = { ...base, protect: context.protect };
    const range = new compute.GlobalAddress(`${name}-psa`, {
        name: gcpName(context, "psa"),
        network: vpc.id,
        purpose: "VPC_PEERING",
        addressType: "INTERNAL",
        address: cidr.apply((text) => text.split("/")[0]),
        prefixLength: cidr.apply((text) => Number(text.split("/")[1])),
        labels: componentLabels(context, "network"),
    }, stateful);
    const connection = new servicenetworking.Connection(`${name}-psa-peering`, {
        network: vpc.id,
        service: PSA_SERVICE,
        reservedPeeringRanges: [range.name],
        deletionPolicy: "ABANDON",
        updateOnCreationFail: true,
    }, stateful);
    return { range, connection };
}
