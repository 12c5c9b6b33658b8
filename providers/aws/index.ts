export { createProvider } from "./provider";
export { createNetwork } from "./network";
export { createCluster } from "./cluster";
