#!/usr/bin/env python3
"""Draws the test photo of the demo site and the `photos` fixture: a stage
with a speaker and an audience, 2400 x 1600 pixels as shown, stored on its
side (1600 x 2400) with EXIF orientation 6, a GPS position (the Paris
venue), a camera and lens serial number and an owner's name: everything
debrief must leave out of what it publishes.

The top-left corner of the picture as shown is pure red, so that a test can
tell whether the orientation was applied.

Usage: scripts/make-test-photo.py OUT.jpg
"""
import random
import sys

from PIL import Image, ImageDraw, ImageFilter

W, H = 2400, 1600


def scene() -> Image.Image:
    rnd = random.Random(2008_12_10)
    img = Image.new("RGB", (W, H))
    d = ImageDraw.Draw(img)
    # A dark hall, lighter toward the stage.
    for y in range(H):
        t = y / H
        d.line([(0, y), (W, y)], fill=(int(20 + 40 * t), int(24 + 30 * t), int(40 + 50 * t)))
    # The stage and its screen.
    d.rectangle([300, 250, 2100, 1000], fill=(210, 215, 225))
    d.rectangle([360, 300, 2040, 940], fill=(30, 90, 160))
    d.text((420, 340), "LeWeb 2008", fill=(255, 255, 255))
    d.rectangle([0, 1000, W, 1120], fill=(60, 40, 35))
    # The speaker.
    d.ellipse([1150, 700, 1250, 800], fill=(230, 190, 160))
    d.rectangle([1130, 800, 1270, 1000], fill=(25, 25, 30))
    # The audience: rows of heads.
    for row in range(6):
        y = 1150 + row * 75
        for i in range(40):
            x = i * 62 + rnd.randint(-12, 12) + (row % 2) * 30
            shade = rnd.randint(15, 70)
            d.ellipse([x, y, x + 48 + row * 4, y + 56 + row * 4], fill=(shade, shade - 5 if shade > 5 else 0, shade))
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    # Sensor noise, so the file compresses like a photo.
    noise = Image.effect_noise((W, H), 18).convert("RGB")
    img = Image.blend(img, noise, 0.08)
    ImageDraw.Draw(img).rectangle([0, 0, 199, 199], fill=(255, 0, 0))
    return img


def exif() -> Image.Exif:
    e = Image.Exif()
    e[0x010F] = "Examplecam"          # Make
    e[0x0110] = "EC-1"                # Model
    e[0x0112] = 6                     # Orientation: turn 90° clockwise to show
    e[0x013B] = "Anna Beispiel"       # Artist
    ifd = e.get_ifd(0x8769)           # Exif IFD
    ifd[0xA431] = "SN-20081210-4711"  # BodySerialNumber
    ifd[0xA435] = "LS-998877"         # LensSerialNumber
    ifd[0xA430] = "Anna Beispiel"     # CameraOwnerName
    gps = e.get_ifd(0x8825)           # GPS IFD: Les Docks, Paris
    gps[1] = "N"
    gps[2] = (48.0, 50.0, 2.5)
    gps[3] = "E"
    gps[4] = (2.0, 22.0, 30.0)
    return e


def main() -> None:
    shown = scene()
    stored = shown.rotate(90, expand=True)  # counter-clockwise: orientation 6 turns it back
    stored.save(sys.argv[1], "JPEG", quality=88, exif=exif())


if __name__ == "__main__":
    main()
