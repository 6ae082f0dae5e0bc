package netguard

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// Control is a net.Dialer Control function that refuses link-local and
// cloud metadata addresses, after DNS resolution, so no name can lead there.
func Control(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return nil // not an IP: the dialer always passes one here
	}
	if blocked(ip.Unmap()) {
		return fmt.Errorf("refusing to connect to %s: link-local and instance metadata addresses are never reached", ip)
	}
	return nil
}

// metadataV6 is the IPv6 instance metadata address of AWS (fd00:ec2::254).
var metadataV6 = netip.MustParseAddr("fd00:ec2::254")

func blocked(ip netip.Addr) bool {
	return ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip == metadataV6
}

// Transport is http.DefaultTransport's configuration with Control in its
// dialer.
func Transport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, Control: Control}
	t.DialContext = d.DialContext
	return t
}
