package ascp

import (
	"time"

	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/spec"
)

func init() { transfer.Register("direct", factory) }

// factory makes the direct agent from its settings (--transfer-info): ascp_path, sdk_folder,
// monitor (false: no management port, the exit code decides), multi_incr_udp (false: one UDP
// port for every session), spawn_timeout (seconds), and
// resume {iter_max, sleep_initial, sleep_factor, sleep_max}. ascp is located at once: no ascp
// is an error that says where it looked.
func factory(settings map[string]any) (transfer.Agent, error) {
	str := func(k string) string { s, _ := settings[k].(string); return s }
	loc, err := Locate(LocateOptions{AscpPath: str("ascp_path"), SDKFolder: str("sdk_folder")})
	if err != nil {
		return nil, err
	}
	a := &Agent{}
	if m, ok := settings["monitor"].(bool); ok {
		a.NoMonitor = !m
	}
	if m, ok := settings["multi_incr_udp"].(bool); ok {
		a.SameUDPPort = !m
	}
	if d, ok := seconds(settings["spawn_timeout"]); ok {
		a.SpawnTimeout = d
	}
	if r, ok := settings["resume"].(map[string]any); ok {
		if n, ok := r["iter_max"].(int64); ok {
			a.Retry.Max = int(n)
		}
		if n, ok := r["iter_max"].(float64); ok {
			a.Retry.Max = int(n)
		}
		if d, ok := seconds(r["sleep_initial"]); ok {
			a.Retry.Initial = d
		}
		if d, ok := seconds(r["sleep_max"]); ok {
			a.Retry.Cap = d
		}
		switch f := r["sleep_factor"].(type) {
		case float64:
			a.Retry.Factor = f
		case int64:
			a.Retry.Factor = float64(f)
		}
	}
	a.Build = func(s spec.Spec) (Invocation, error) { return Build(s, BuildOptions{Ascp: loc.Path}) }
	return a, nil
}

func seconds(v any) (time.Duration, bool) {
	switch t := v.(type) {
	case float64:
		return time.Duration(t * float64(time.Second)), true
	case int64:
		return time.Duration(t) * time.Second, true
	}
	return 0, false
}
