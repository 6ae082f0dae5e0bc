// Package netguard keeps the server's outgoing HTTP away from link-local
// addresses and instance metadata services (169.254.169.254, ECS's
// 169.254.170.2, the EKS Pod Identity agent at 169.254.170.23 and
// fd00:ec2::23, fd00:ec2::254, Alibaba Cloud's 100.100.100.200): a model
// that adds a source or fetches a document could otherwise read the
// machine's own credentials into a tool result. It inspects the address
// being dialled and, when a proxy is used, the request's own destination
// (its literal address in any notation, or every address its name
// resolves to) before the proxy is contacted.
//
// It never decides anything above that: which hosts a source may call,
// redirects and credentials are its callers' business.
package netguard
