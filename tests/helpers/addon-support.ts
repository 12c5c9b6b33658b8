import { ClusterAddonSupport } from "../../components/cluster";
import { loadPlatformArgs } from "../../components/config";
import { PlatformContext } from "../../components/context";
import { PlatformArgs } from "../../components/types";
import { Recording, recordProgram } from "../../plan/recorder";
import { adapterFor } from "../../providers";
import { wireFoundation } from "./component";
import { toStackConfig } from "./record";

/** One external opening to ask the contract for: its ports and sources. */
export interface Opening {
    ports: number[];
    sources: (context: PlatformContext) => string[];
}

/** Grafana's and Kibana's ports, opened to the office allowlist: what Observability asks for. */
export const OFFICE_UI: Opening = { ports: [80, 5601], sources: (context) => context.allowedCidrs };

export interface AddonSupportRun<Name extends string> {
    recording: Recording;
    support: ClusterAddonSupport;
    /** URNs of what the contract names, as the program resolved them; one list per opening asked for. */
    urns: { cluster: string; workloadsReady: string[]; storageReady: string[] } & Record<Name, string[]>;
}

/**
 * The chosen cloud's foundation, network and cluster adapter as the Platform wires them, and the
 * external openings asked of the cluster's ClusterAddonSupport under a stand-in Observability.
 */
export async function recordAddonSupport<Name extends string>(
    settings: Record<string, unknown>,
    openings: Record<Name, Opening>,
    apiSources: (args: PlatformArgs) => string[] = () => [],
): Promise<AddonSupportRun<Name>> {
    const config = toStackConfig(settings);
    let support: ClusterAddonSupport | undefined;
    const recording = await recordProgram(() => {
        const args = loadPlatformArgs(config);
        const adapter = adapterFor(args.cloud);
        const { context, childOf } = wireFoundation(args);
        const network = adapter.createNetwork("acme-network", { context, settings: args.network, serviceCidr: args.cluster.serviceCidr }, childOf("anycloud:index:Network", "acme-network"));
        const cluster = adapter.createCluster("acme-cluster", { context, settings: args.cluster, network, apiSources: apiSources(args) }, childOf("anycloud:index:Cluster", "acme-cluster"));
        support = cluster.addonSupport;
        const observability = childOf("anycloud:index:Observability", "acme-observability");
        const opened = Object.fromEntries(Object.entries<Opening>(openings).map(([name, { ports, sources }]) =>
            [name, support!.loadBalancer.admitExternal(`acme-${name}`, { ports, sources: sources(context) }, observability).map((r) => r.urn)]));
        return {
            cluster: support.cluster.urn,
            workloadsReady: support.workloadsReady.map((r) => r.urn),
            storageReady: support.storage.ready.map((r) => r.urn),
            ...opened,
        };
    }, { project: "anycloud", stack: "test", config, region: String(settings.region) });
    return { recording, support: support!, urns: recording.outputs as unknown as AddonSupportRun<Name>["urns"] };
}
