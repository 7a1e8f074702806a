"""Files offered as evidence: a PDF and a PNG that are what their names say, and a program."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
_IHDR = b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)  # 1x1 pixel, RGBA


def _chunk(kind_and_data):
    length = struct.pack(">I", len(kind_and_data) - 4)
    return length + kind_and_data + struct.pack(">I", zlib.crc32(kind_and_data))


PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _chunk(_IHDR)
    + _chunk(b"IDAT" + zlib.compress(b"\x00\x00\x00\x00\xff"))
    + _chunk(b"IEND")
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48)


def upload(name, content):
    return SimpleUploadedFile(name, content)


def sent_as(name, content):
    """A file the test client sends under any name, even one Django will not take ("..")."""
    file = io.BytesIO(content)
    file.name = name
    return file
