package netguard

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
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
	if Blocked(ip) {
		return refusal(ip)
	}
	return nil
}

func refusal(ip netip.Addr) error {
	return fmt.Errorf("refusing to connect to %s: link-local and instance metadata addresses are never reached", ip)
}

// metadata are the instance metadata and credential services that do not
// sit in a link-local range, or that are worth naming although they do.
var metadata = []netip.Addr{
	netip.MustParseAddr("169.254.169.254"), // AWS, Azure, GCP, OpenStack... (link-local)
	netip.MustParseAddr("169.254.170.2"),   // ECS task credentials (link-local)
	netip.MustParseAddr("169.254.170.23"),  // EKS Pod Identity agent (link-local)
	netip.MustParseAddr("fd00:ec2::254"),   // AWS instance metadata over IPv6
	netip.MustParseAddr("fd00:ec2::23"),    // EKS Pod Identity agent over IPv6
	netip.MustParseAddr("100.100.100.200"), // Alibaba Cloud
}

// nat64 is the well-known NAT64 prefix (64:ff9b::/96): its addresses reach
// the IPv4 address in their last 32 bits.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// Blocked reports whether ip is a link-local or metadata address, in any
// of its forms: IPv4, IPv4-mapped IPv6, or NAT64.
func Blocked(ip netip.Addr) bool {
	ip = ip.Unmap()
	if ip.Is6() && nat64.Contains(ip) {
		b := ip.As16()
		ip = netip.AddrFrom4([4]byte(b[12:]))
	}
	if ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() {
		return true
	}
	for _, m := range metadata {
		if ip == m {
			return true
		}
	}
	return false
}

// Resolver looks a host name up; net.DefaultResolver.LookupNetIP fits.
type Resolver func(ctx context.Context, network, host string) ([]netip.Addr, error)

// CheckHost refuses a destination host (as in a URL, without port) that is
// a blocked address in any notation (dotted, IPv6, IPv4-mapped, the
// integer, octal and hexadecimal forms some proxies and resolvers accept,
// such as 2852039166 or 0xa9fea9fe) or a name that resolves to one. It is
// for destinations that are not dialled by this process, such as the
// target of a request sent through a proxy.
func CheckHost(ctx context.Context, host string, lookup Resolver) error {
	h := strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if i := strings.IndexByte(h, '%'); i >= 0 { // an IPv6 zone
		h = h[:i]
	}
	if ip, err := netip.ParseAddr(h); err == nil {
		if Blocked(ip) {
			return refusal(ip)
		}
		return nil
	}
	if ip, ok := legacyIPv4(h); ok {
		if Blocked(ip) {
			return refusal(ip)
		}
		return nil
	}
	if lookup == nil {
		lookup = net.DefaultResolver.LookupNetIP
	}
	ips, err := lookup(ctx, "ip", h)
	if err != nil {
		return fmt.Errorf("resolve %s: %w", h, err)
	}
	for _, ip := range ips {
		if Blocked(ip) {
			return fmt.Errorf("refusing to connect to %s (%s): link-local and instance metadata addresses are never reached", h, ip.Unmap())
		}
	}
	return nil
}

// legacyIPv4 parses the IPv4 notations of inet_aton: one to four parts,
// each decimal, octal (leading 0) or hexadecimal (0x), the last part
// filling the remaining bytes ("2852039166", "169.254.43518",
// "0251.0376.0251.0376").
func legacyIPv4(s string) (netip.Addr, bool) {
	parts := strings.Split(s, ".")
	if len(parts) == 0 || len(parts) > 4 {
		return netip.Addr{}, false
	}
	var vals []uint64
	for _, p := range parts {
		if p == "" {
			return netip.Addr{}, false
		}
		base, digits := 10, p
		switch {
		case len(p) > 2 && (p[:2] == "0x" || p[:2] == "0X"):
			base, digits = 16, p[2:]
		case len(p) > 1 && p[0] == '0':
			base, digits = 8, p[1:]
		}
		v, err := strconv.ParseUint(digits, base, 32)
		if err != nil {
			return netip.Addr{}, false
		}
		vals = append(vals, v)
	}
	var n uint64
	last := len(vals) - 1
	for i, v := range vals[:last] {
		if v > 0xff {
			return netip.Addr{}, false
		}
		n |= v << (8 * (3 - i))
	}
	if vals[last] >= 1<<(8*(4-last)) {
		return netip.Addr{}, false
	}
	n |= vals[last]
	return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}), true
}

// Transport is http.DefaultTransport's configuration with Control in its
// dialer and a proxy function that checks the request's own destination
// (CheckHost) before any proxy from HTTP_PROXY, HTTPS_PROXY or NO_PROXY
// is used, so a proxy cannot be asked for what the dialer would refuse.
func Transport() *http.Transport {
	return transport(http.ProxyFromEnvironment, nil)
}

// transport is Transport with the proxy choice and the resolver given.
func transport(proxy func(*http.Request) (*url.URL, error), lookup Resolver) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, Control: Control}
	t.DialContext = d.DialContext
	t.Proxy = func(req *http.Request) (*url.URL, error) {
		p, err := proxy(req)
		if err != nil || p == nil {
			return p, err // dialled directly: Control sees the address
		}
		if err := CheckHost(req.Context(), req.URL.Hostname(), lookup); err != nil {
			return nil, err
		}
		return p, nil
	}
	return t
}
