package ascp

import (
	"time"

	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/spec"
)

func init() {
	transfer.Register(transfer.Info{
		Name: "direct", Aliases: []string{"ascp", "fasp"},
		Help:    "runs ascp on this machine, followed on its management port",
		Options: transfer.OptionsOf[Settings](),
		New:     transfer.Typed(New),
	})
}

// Settings are the direct agent's settings (--transfer-info, asession's "settings"); the
// places of ascp and the FASP proxy are command-line options too.
type Settings struct {
	AscpPath   string `setting:"ascp_path,cli" help:"ascp to use (default: the SDK folder, PATH, then the Aspera products installed)"`
	FaspFolder string `setting:"fasp_folder,cli" help:"main folder of an Aspera installation: its FOLDER/bin/ascp (or FOLDER/ascp)"`
	UseProduct string `setting:"use_product,cli" help:"the ascp of this installed product (\"Aspera Connect\", \"IBM Aspera CLI\", \"Aspera Desktop Client\"...; FIRST: the first found)"`
	SDKFolder  string `setting:"sdk_folder,cli" help:"folder of the IBM Aspera Transfer SDK (default: ~/.aspera/sdk)"`
	FaspProxy  string `setting:"fasp_proxy,cli" help:"FASP proxy of transfers, dnat(s)://[user[:password]@]host:port (the spec's proxy, unless it has one)"`

	Monitor      *bool         `setting:"monitor" help:"false: no management port, ascp's exit code decides (no progress)"`
	MultiIncrUDP *bool         `setting:"multi_incr_udp" help:"false: every session of a multi-session transfer uses the same UDP port"`
	SpawnTimeout time.Duration `setting:"spawn_timeout" help:"seconds to wait for ascp's management connection (default 10)"`
	Resume       Resume        `setting:"resume" help:"new tries after retryable errors: iter_max, sleep_initial, sleep_factor, sleep_max"`
}

// Resume is the resume policy of the settings (see Retry).
type Resume struct {
	IterMax      int           `setting:"iter_max" help:"at most this many new tries (default 7)"`
	SleepInitial time.Duration `setting:"sleep_initial" help:"seconds before the first new try (default 2)"`
	SleepFactor  float64       `setting:"sleep_factor" help:"each wait is the previous one times this (default 2)"`
	SleepMax     time.Duration `setting:"sleep_max" help:"longest wait, in seconds (default 60)"`
}

// New makes the direct agent from its settings. ascp is located at once (see Locate): no ascp
// is an error that says where it looked.
func New(s Settings) (transfer.Agent, error) {
	loc, err := Locate(LocateOptions{AscpPath: s.AscpPath, Folder: s.FaspFolder, Product: s.UseProduct, SDKFolder: s.SDKFolder})
	if err != nil {
		return nil, err
	}
	a := &Agent{
		Proxy:        s.FaspProxy,
		SpawnTimeout: s.SpawnTimeout,
		Retry:        Retry{Max: s.Resume.IterMax, Initial: s.Resume.SleepInitial, Factor: s.Resume.SleepFactor, Cap: s.Resume.SleepMax},
	}
	if s.Monitor != nil {
		a.NoMonitor = !*s.Monitor
	}
	if s.MultiIncrUDP != nil {
		a.SameUDPPort = !*s.MultiIncrUDP
	}
	a.Build = func(s spec.Spec) (Invocation, error) { return Build(s, BuildOptions{Ascp: loc.Path}) }
	return a, nil
}
