import { defineRule, fail, PASS, valueAt } from "../rule";
import { isObject } from "./kubernetes-pod-no-privileged";

export const GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway";

/**
 * The platform's public entrance is a Gateway API Gateway behind the cloud's load balancer. What
 * makes it acceptable to open to the internet: it serves the web and nothing else. HTTPS on 443
 * terminates TLS with a certificate; HTTP on 80 exists for the redirect and ACME challenges, and
 * once there is an HTTPS listener it admits routes from its own namespace only, so no
 * application can serve plaintext through it.
 */
export const rule = defineRule({
    id: "kubernetes-gateway-web-listeners-only",
    description: "A Gateway listens only on 80 (HTTP) and 443 (HTTPS terminating TLS with a certificate); beside an HTTPS listener, the HTTP one admits routes from the Gateway's own namespace only.",
    severity: "high",
    cloud: "kubernetes",
    references: {},
    remediation: "anycloud's Gateway (components/ingress) has exactly these listeners. Publish other protocols through a separate, internal Service, "
        + "and attach applications' HTTPRoutes to the https listener (namespaces labelled anycloud.io/gateway=platform; docs/ingress.md).",
    resourceTypes: [GATEWAY],
    check(resource) {
        const listeners = valueAt(resource.props, "spec.listeners");
        if (!Array.isArray(listeners)) {
            return PASS;
        }
        const problems: string[] = [];
        const hasHttps = listeners.some((l) => isObject(l) && l.protocol === "HTTPS");
        for (const listener of listeners.filter(isObject)) {
            const name = String(listener.name ?? "?");
            if (listener.protocol === "HTTP" && listener.port === 80) {
                const from = valueAt(listener, "allowedRoutes.namespaces.from");
                if (hasHttps && from !== "Same") {
                    problems.push(`listener ${name} serves plaintext HTTP to routes from ${String(from ?? "Same")} namespaces beside an HTTPS listener`);
                }
            } else if (listener.protocol === "HTTPS" && listener.port === 443) {
                const refs = valueAt(listener, "tls.certificateRefs");
                if ((valueAt(listener, "tls.mode") ?? "Terminate") !== "Terminate" || !Array.isArray(refs) || refs.length === 0) {
                    problems.push(`listener ${name} does not terminate TLS with a certificate`);
                }
            } else {
                problems.push(`listener ${name} is ${String(listener.protocol)} on port ${String(listener.port)}: only HTTP on 80 and HTTPS on 443`);
            }
        }
        return problems.length > 0 ? fail(problems.join("; ")) : PASS;
    },
});
