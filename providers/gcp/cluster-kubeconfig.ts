import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";

/**
 * The exec plugin every GKE kubeconfig names since Kubernetes 1.26 (the in-tree gcp auth provider
 * is gone): `gke-gcloud-auth-plugin`, installed with `gcloud components install
 * gke-gcloud-auth-plugin` or the google-cloud-cli-gke-gcloud-auth-plugin package.
 *
 * It runs with `--use_application_default_credentials`: the token comes from Application Default
 * Credentials, the same credential chain the gcp provider of this deploy uses, so the Kubernetes
 * provider acts as the identity that was granted access (cluster-identity.ts), also where no
 * gcloud login exists (CI with workload identity federation). This is the form `gcloud container
 * clusters get-credentials` writes with container/use_application_default_credentials set
 * (googlecloudsdk/api_lib/container/kubeconfig.py); a person uses it after
 * `gcloud auth application-default login`.
 */
export const AUTH_PLUGIN = {
    apiVersion: "client.authentication.k8s.io/v1beta1",
    command: "gke-gcloud-auth-plugin",
    args: ["--use_application_default_credentials"],
    installHint: "Install gke-gcloud-auth-plugin for use with kubectl by following https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin",
    provideClusterInfo: true,
};

export interface KubeconfigParts {
    /** Context, cluster and user name, e.g. the GKE cluster's name. */
    name: string;
    /** https://<address> of the API server. */
    server: string;
    /** Base64 PEM of the cluster's CA, as GKE reports it (masterAuth.clusterCaCertificate). */
    certificateAuthorityData: string;
}

/** One cluster, one context, one exec user; written as YAML, so nothing depends on string templates. */
export function kubeconfigText(parts: KubeconfigParts): string {
    return stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: parts.name, cluster: { server: parts.server, "certificate-authority-data": parts.certificateAuthorityData } }],
        contexts: [{ name: parts.name, context: { cluster: parts.name, user: parts.name } }],
        "current-context": parts.name,
        users: [{ name: parts.name, user: { exec: AUTH_PLUGIN } }],
        preferences: {},
    });
}

/**
 * The kubeconfig as a secret (it names no credential, but it says where the API is and how to
 * reach it). Built from the cluster's outputs, so it waits for the cluster; a missing CA fails the
 * deploy instead of producing a kubeconfig no client can verify the server with.
 */
export function clusterKubeconfig(name: pulumi.Input<string>, server: pulumi.Input<string>, certificateAuthorityData: pulumi.Input<string | undefined>): pulumi.Output<string> {
    return pulumi.secret(pulumi.all([name, server, certificateAuthorityData]).apply(([clusterName, url, ca]) => {
        if (!ca) {
            throw new Error(`createCluster: GKE reported no CA certificate for ${clusterName}`);
        }
        return kubeconfigText({ name: clusterName, server: url, certificateAuthorityData: ca });
    }));
}
