// Module KubeClient: kubeconfig and in-cluster auth, list/watch over libcurl, informers.
internal import CCurl
