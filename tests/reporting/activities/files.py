"""Files offered as evidence: a PDF and a PNG that are what their names say, and a program."""

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
_IHDR = b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)  # 1x1 pixel, RGBA
PNG = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + _IHDR + struct.pack(">I", zlib.crc32(_IHDR))
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48)


def upload(name, content):
    return SimpleUploadedFile(name, content)
