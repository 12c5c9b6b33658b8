import { defineRule, fail, isSet, PASS, valueAt } from "../rule";
import { ECK_KINDS } from "./kubernetes-pod-no-privileged";

/** ECK resources serving HTTP (Agent has no http block of its own). */
const HTTP_KINDS = Object.keys(ECK_KINDS).filter((type) => !type.includes(":agent.k8s.elastic.co/"));

export const rule = defineRule({
    id: "kubernetes-eck-http-tls",
    description: "Elasticsearch, Kibana and the other ECK resources serve HTTPS: TLS on the HTTP layer is not disabled (selfSignedCertificate.disabled without a certificate of one's own).",
    severity: "high",
    cloud: "kubernetes",
    references: {},
    remediation: "Remove `spec.http.tls.selfSignedCertificate.disabled: true`, or give `spec.http.tls.certificate.secretName` "
        + "(anycloud gives certificates of the stack's observability CA). Without TLS the users' passwords cross the network in clear.",
    resourceTypes: HTTP_KINDS,
    check(resource) {
        // ECK's TLSOptions.Enabled (pkg/apis/common/v1/common.go): no self-signed block, not disabled, or a certificate given.
        const disabled = valueAt(resource.props, "spec.http.tls.selfSignedCertificate.disabled") === true;
        if (disabled && !isSet(resource, "spec.http.tls.certificate.secretName")) {
            return fail("spec.http.tls.selfSignedCertificate.disabled is true and no certificate is given: the HTTP endpoint serves plain HTTP");
        }
        return PASS;
    },
});
