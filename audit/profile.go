package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// profile is a fresh, private Chromium user data folder for one browser.
type profile struct {
	dir string
}

// newProfile makes a private (0700) temporary user data folder whose
// Preferences allow third-party cookies, as an ordinary visitor's browser
// does; headless Chromium would block them otherwise and trackers' cookies
// would be silently missed.
func newProfile() (*profile, error) {
	dir, err := os.MkdirTemp("", "candor-profile-")
	if err != nil {
		return nil, fmt.Errorf("create browser profile: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("create browser profile: %w", err)
	}
	prefs := map[string]any{
		"profile": map[string]any{
			"cookie_controls_mode":           0,
			"block_third_party_cookies":      false,
			"default_content_setting_values": map[string]any{"cookies": 1},
		},
		"tracking_protection": map[string]any{"tracking_protection_3pcd_enabled": false},
	}
	data, err := json.Marshal(prefs)
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("create browser profile: %w", err)
	}
	def := filepath.Join(dir, "Default")
	if err := os.Mkdir(def, 0o700); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("create browser profile: %w", err)
	}
	if err := os.WriteFile(filepath.Join(def, "Preferences"), data, 0o600); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("create browser profile: %w", err)
	}
	return &profile{dir: dir}, nil
}

// remove kills any process still using the profile (Chromium's helpers
// can outlive the main process) and deletes the folder.
func (p *profile) remove() error {
	deadline := time.Now().Add(3 * time.Second)
	for quiet := 0; quiet < 3 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if killUsing(p.dir) == 0 {
			quiet++
		} else {
			quiet = 0
		}
	}
	var err error
	for i := 0; i < 5; i++ {
		if err = os.RemoveAll(p.dir); err == nil {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("remove browser profile %s: %w", p.dir, err)
}

// ProcessesUsing returns the ids of the processes whose command line has
// --user-data-dir=dir: the browser and its helpers.
func ProcessesUsing(dir string) []int {
	want := []byte("--user-data-dir=" + dir)
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil {
			continue
		}
		for _, arg := range bytes.Split(cmdline, []byte{0}) {
			if bytes.Equal(arg, want) {
				pids = append(pids, pid)
				break
			}
		}
	}
	return pids
}

// killUsing kills the processes using dir and returns how many it found.
func killUsing(dir string) int {
	pids := ProcessesUsing(dir)
	for _, pid := range pids {
		syscall.Kill(pid, syscall.SIGKILL)
	}
	return len(pids)
}
