package preview

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// duration asks ffprobe for the duration of the video in seconds.
func (j *job) duration() (float64, error) {
	out, err := j.run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "default=noprint_wrappers=1:nokey=1", j.src)
	if err != nil {
		return 0, err
	}
	d, err := strconv.ParseFloat(strings.TrimSpace(firstLine(out)), 64)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("ffprobe: no duration (not a video?)")
	}
	return d, nil
}

// start is where a video preview starts: the offset asked, or the beginning when the video
// is not longer than that (a 3-second clip has no second 10).
func start(duration, offset float64) float64 {
	if offset >= duration*0.8 {
		return 0
	}
	return offset
}

// seconds formats a time for ffmpeg.
func seconds(s float64) string { return strconv.FormatFloat(s, 'f', 3, 64) }

// frame writes the frame at time at, scaled, into a PNG file.
func (j *job) frame(at float64, scale, out string) error {
	_, err := j.run("ffmpeg", "-nostdin", "-v", "error", "-y", "-ss", seconds(at), "-i", j.src, "-frames:v", "1",
		"-filter:v", "scale="+scale, "-f", "image2", "-update", "1", "-c:v", "png", out)
	if err != nil {
		return err
	}
	if _, err := os.Stat(out); err != nil {
		return fmt.Errorf("ffmpeg: no frame at %ss", seconds(at))
	}
	return nil
}

// videoPNG is the thumbnail of a video: a frame at ThumbVidFraction of its duration.
func (j *job) videoPNG() error {
	d, err := j.duration()
	if err != nil {
		return err
	}
	if err := j.frame(d*j.o.ThumbVidFraction, j.o.ThumbMP4Size, j.out); err != nil {
		return err
	}
	return j.optimize()
}

// videoMP4 makes the MP4 preview with the method of the options.
func (j *job) videoMP4() error {
	d, err := j.duration()
	if err != nil {
		return err
	}
	switch j.o.Video {
	case Clips:
		return j.clips(d)
	case Blend:
		return j.blend(d)
	}
	return j.reencode(d)
}

// h264 are the output options of every MP4: H.264 that browsers play, even dimensions,
// the index first (faststart) so that playback starts before the download ends.
func h264(scale string) []string {
	return []string{"-filter:v", "scale=" + scale + ",scale=trunc(iw/2)*2:trunc(ih/2)*2", "-codec:v", "libx264", "-profile:v", "high",
		"-pix_fmt", "yuv420p", "-preset", "veryfast", "-b:v", "500k", "-maxrate", "500k", "-bufsize", "1000k", "-movflags", "+faststart"}
}

// reencode keeps VidLength seconds from the start offset, smaller.
func (j *job) reencode(d float64) error {
	args := []string{"-nostdin", "-v", "error", "-y", "-ss", seconds(start(d, j.o.VidOffsetSeconds)), "-i", j.src, "-t", seconds(j.o.VidLength)}
	args = append(args, h264(j.o.VidSize)...)
	args = append(args, "-codec:a", "aac", "-ac", "2", "-b:a", "128k", "-f", "mp4", j.out)
	_, err := j.run("ffmpeg", args...)
	return err
}

// clips joins ClipsCount clips of ClipsLength seconds spread from the start offset to the end.
func (j *job) clips(d float64) error {
	from := start(d, j.o.ClipsOffsetSeconds)
	step := (d - from) / float64(j.o.ClipsCount)
	length := min(j.o.ClipsLength, step)
	var list strings.Builder
	for i := 0; i < j.o.ClipsCount; i++ {
		name := fmt.Sprintf("clip%04d.mp4", i)
		args := []string{"-nostdin", "-v", "error", "-y", "-ss", seconds(from + float64(i)*step), "-i", j.src, "-t", seconds(length), "-an"}
		args = append(args, h264(j.o.ClipsSize)...)
		if _, err := j.run("ffmpeg", append(args, "-f", "mp4", filepath.Join(j.work, name))...); err != nil {
			return err
		}
		fmt.Fprintf(&list, "file '%s'\n", name)
	}
	listFile := filepath.Join(j.work, "clips.txt")
	if err := os.WriteFile(listFile, []byte(list.String()), 0o600); err != nil {
		return err
	}
	_, err := j.run("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", listFile, "-codec", "copy",
		"-movflags", "+faststart", "-f", "mp4", j.out)
	return err
}

// blend makes a slide show: VidFramecount key frames spread from the start offset, each
// shown VidFramepause frames, with VidBlendframes frames of cross-fade between two, at VidFPS.
func (j *job) blend(d float64) error {
	from := start(d, j.o.VidOffsetSeconds)
	frames := filepath.Join(j.work, "frames")
	if err := os.Mkdir(frames, 0o755); err != nil {
		return err
	}
	name := func(i int) string { return filepath.Join(frames, fmt.Sprintf("img%05d.png", i)) }
	index, last := 0, -1
	for k := 0; k < j.o.VidFramecount; k++ {
		key := index
		if err := j.frame(from+float64(k)*(d-from)/float64(j.o.VidFramecount), j.o.VidSize, name(key)); err != nil {
			return err
		}
		if last >= 0 { // the transition frames, in the gap left before this key frame
			for t := 1; t <= j.o.VidBlendframes; t++ {
				percent := strconv.Itoa(100 * t / (j.o.VidBlendframes + 1))
				if _, err := j.run("composite", "-blend", percent, name(key), name(last), name(last+t)); err != nil {
					return err
				}
			}
		}
		for p := 1; p <= j.o.VidFramepause; p++ {
			if err := copyFile(name(key), name(key+p)); err != nil {
				return err
			}
		}
		last = key + j.o.VidFramepause
		index = last + 1 + j.o.VidBlendframes
	}
	args := []string{"-nostdin", "-v", "error", "-y", "-framerate", strconv.Itoa(j.o.VidFPS), "-start_number", "0",
		"-i", filepath.Join(frames, "img%05d.png"), "-frames:v", strconv.Itoa(last + 1)}
	args = append(args, h264("iw:ih")...)
	_, err := j.run("ffmpeg", append(args, "-r", "30", "-f", "mp4", j.out)...)
	return err
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}
