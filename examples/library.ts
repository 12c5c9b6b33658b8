// A consumer program using anycloud as a library: `npm install anycloud`, then this is the
// project's index.ts. Settings are code here rather than stack config; validation is the same.
import { Platform } from "../lib"; // in a consumer project: from "anycloud"

export function program() {
    const platform = new Platform("transit", {
        cloud: "aws",
        region: "eu-central-1",
        customer: "acme",
        project: "transit",
        environment: "staging",
        allowedCidrs: ["198.51.100.0/24"],
        cluster: { nodePools: [{ name: "system", size: "medium", min: 2, max: 4 }] },
        database: { enabled: false },
        bastion: { enabled: false },
    });
    return { kubeconfig: platform.cluster.kubeconfig, clusterName: platform.cluster.name };
}
