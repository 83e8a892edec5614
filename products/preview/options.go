package preview

import (
	"fmt"
	"runtime"
)

// VideoMethod is the way a video's MP4 preview is made (--video).
type VideoMethod string

// The video methods: reencode the first minute after the start offset, join short clips taken
// along the video, or blend key frames into a slide show (the manual's "preview", ascli's "blend").
const (
	Reencode VideoMethod = "reencode"
	Clips    VideoMethod = "clips"
	Blend    VideoMethod = "blend"
)

// ParseVideo checks a value of --video; "preview" is the original manual's name of blend.
func ParseVideo(s string) (VideoMethod, error) {
	switch s {
	case "", string(Reencode):
		return Reencode, nil
	case string(Clips):
		return Clips, nil
	case string(Blend), "preview":
		return Blend, nil
	}
	return "", fmt.Errorf("unknown video method %q (reencode, clips, blend)", s)
}

// Options are the generation parameters, named as the manual's options (--vid-*, --clips-*,
// --thumb-*). The zero value of a field takes its default (Defaults).
type Options struct {
	ThumbImgSize     int     // PNG of a non-video: largest side in pixels (800)
	ThumbMP4Size     string  // PNG of a video: ffmpeg scale of the frame ("-1:'min(ih,100)'")
	ThumbVidFraction float64 // PNG of a video: position of the frame, a fraction of the duration (0.1)
	Font             string  // PNG of text: ImageMagick font name (DejaVu-Sans-Mono)

	Video            VideoMethod // how the MP4 is made (reencode)
	VidOffsetSeconds float64     // reencode and blend: start offset in seconds (10)
	VidSize          string      // reencode and blend: ffmpeg scale ("'min(iw,360)':-2")
	VidFramecount    int         // blend: key frames (30)
	VidBlendframes   int         // blend: transition frames between two key frames (5)
	VidFramepause    int         // blend: frames a key frame stays (3)
	VidFPS           int         // blend: frames per second (15)
	VidLength        float64     // reencode: seconds kept (60)

	ClipsOffsetSeconds float64 // clips: start offset in seconds (10)
	ClipsSize          string  // clips: ffmpeg scale ("'min(iw,360)':-2")
	ClipsLength        float64 // clips: seconds of each clip (5)
	ClipsCount         int     // clips: number of clips (5)

	MaxSize int64 // a preview larger than this is reported (16 MiB)
}

// Defaults returns o with its zero fields set to the defaults (the IBM tool's values).
func (o Options) Defaults() Options {
	set := func(p *int, v int) {
		if *p <= 0 {
			*p = v
		}
	}
	setf := func(p *float64, v float64) {
		if *p <= 0 {
			*p = v
		}
	}
	sets := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	set(&o.ThumbImgSize, 800)
	sets(&o.ThumbMP4Size, "-1:'min(ih,100)'")
	setf(&o.ThumbVidFraction, 0.1)
	sets(&o.Font, "DejaVu-Sans-Mono")
	if o.Video == "" {
		o.Video = Reencode
	}
	setf(&o.VidOffsetSeconds, 10)
	sets(&o.VidSize, "'min(iw,360)':-2")
	set(&o.VidFramecount, 30)
	set(&o.VidBlendframes, 5)
	set(&o.VidFramepause, 3)
	set(&o.VidFPS, 15)
	setf(&o.VidLength, 60)
	setf(&o.ClipsOffsetSeconds, 10)
	sets(&o.ClipsSize, "'min(iw,360)':-2")
	setf(&o.ClipsLength, 5)
	set(&o.ClipsCount, 5)
	if o.MaxSize <= 0 {
		o.MaxSize = 1 << 24
	}
	return o
}

// DefaultConcurrency is the number of files generated at once when none is given: the
// number of cores.
func DefaultConcurrency() int { return runtime.NumCPU() }
