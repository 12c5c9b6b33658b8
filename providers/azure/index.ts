export { createFoundation } from "./foundation";
export { createNetwork } from "./network";
export { createCluster } from "./cluster";
export { createDatabase } from "./database";
export { createBastion } from "./bastion";
export { createBilling } from "./billing";
