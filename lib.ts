// The library entry ("anycloud" in package.json exports): re-exports only, no side effects.
export * from "./components/types";
export { ConfigError, Problem } from "./components/errors";
export { CLOUD_SDKS, MissingSdkError } from "./providers";
export { CONFIG_KEYS, CONFIG_NAMESPACE, loadPlatformArgs, StackConfig } from "./components/config";
export { ENVIRONMENT_DEFAULTS } from "./components/config-schema";
export { resolvePlatformArgs } from "./components/validation";
export { PlatformInput, resolvePlatformInput } from "./components/input";
export { PlatformContext, platformContext } from "./components/context";
export { Network, NetworkArgs, NetworkOutputs } from "./components/network";
export { Cluster, ClusterAddonSupport, ClusterArgs, ClusterOutputs, ExternalDnsIdentity, IngressSupport, LoadBalancerService } from "./components/cluster";
export { Database, DatabaseArgs, DatabaseOutputs } from "./components/database";
export { Bastion, BastionArgs, BastionOutputs } from "./components/bastion";
export { Ingress, IngressArgs, IngressOutputs } from "./components/ingress";
export { Observability, ObservabilityArgs, ObservabilityOutputs } from "./components/observability";
export { Billing, BillingArgs, BillingOutputs, budgetAlarms } from "./components/billing";
export { Platform, PlatformOutputs } from "./components/platform";
export { platformStack, PLATFORM_NAME } from "./components/stack";
export { layoutSubnets, SubnetLayout } from "./components/subnet-layout";
