#pragma once

// Thin, error-returning wrappers over POSIX file I/O for the storage layer: an owning file
// descriptor, full-length pread/pwrite, fdatasync, directory fsync and atomic file
// replacement (temp file, fsync, rename, fsync directory). Errors come back as
// KafkaStorageError with the path and strerror, so a full disk reads as such in the
// broker's log and in the client's error message. No state beyond the descriptor;
// any thread may use its own FileHandle.

#include "engine/common/bytes.h"
#include "engine/common/result.h"

#include <filesystem>
#include <string>

namespace runnel::storage {

class FileHandle
{
public:
    FileHandle() = default;
    explicit FileHandle(int fd)
        : m_fd(fd)
    {}
    ~FileHandle() { reset(); }
    FileHandle(FileHandle &&other) noexcept
        : m_fd(other.release())
    {}
    FileHandle &operator=(FileHandle &&other) noexcept
    {
        if (this != &other) {
            reset();
            m_fd = other.release();
        }
        return *this;
    }
    FileHandle(const FileHandle &) = delete;
    FileHandle &operator=(const FileHandle &) = delete;

    // Opens read-write, creating the file when create is set.
    static Result<FileHandle> open(const std::filesystem::path &path, bool create);

    int fd() const { return m_fd; }
    bool valid() const { return m_fd >= 0; }
    void reset();
    int release()
    {
        int fd = m_fd;
        m_fd = -1;
        return fd;
    }

private:
    int m_fd = -1;
};

// errno-based error with a sentence naming the operation and path.
Error ioError(std::string_view what, const std::filesystem::path &path, int err);

// Reads exactly len bytes at offset; a short file is a KafkaStorageError, since callers
// only read ranges they know exist.
Status preadFull(int fd, uint8_t *buf, size_t len, int64_t offset, const std::filesystem::path &p);
// Reads up to len bytes; returns how many were read (less only at end of file).
Result<size_t>
preadSome(int fd, uint8_t *buf, size_t len, int64_t offset, const std::filesystem::path &p);
// Writes all of data at offset. On failure (ENOSPC, EIO) the file is truncated back to
// offset so that no partial write survives, and KafkaStorageError is returned.
Status pwriteFull(int fd, ByteSpan data, int64_t offset, const std::filesystem::path &p);
Status truncateFile(int fd, int64_t size, const std::filesystem::path &p);
Status syncData(int fd, const std::filesystem::path &p);
Status syncDirectory(const std::filesystem::path &dir);
Result<int64_t> fileSize(int fd, const std::filesystem::path &p);

// Replaces path with content atomically: write path.tmp, fsync it, rename over path,
// fsync the directory. A crash leaves either the old or the new content.
Status writeFileAtomically(const std::filesystem::path &path, ByteSpan content);
Result<Bytes> readWholeFile(const std::filesystem::path &path);

// Name of a file belonging to a segment: 20-digit zero-padded base offset + suffix.
std::string segmentFileName(int64_t baseOffset, std::string_view suffix);

} // namespace runnel::storage
