// Package netguard keeps the server's outgoing HTTP away from link-local
// addresses, where cloud instance metadata services live
// (169.254.169.254, fd00:ec2::254 and the like): a model that adds a source
// or fetches a document could otherwise read the machine's own credentials
// into a tool result. It only inspects the address being dialled.
//
// It never decides anything above the socket: which hosts a source may
// call, redirects and credentials are its callers' business.
package netguard
