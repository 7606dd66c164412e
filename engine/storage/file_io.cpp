#include "engine/storage/file_io.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace runnel::storage {

Error ioError(std::string_view what, const std::filesystem::path &path, int err)
{
    std::string message = std::string(what) + " " + path.string() + ": " + std::strerror(err);
    if (err == ENOSPC || err == EDQUOT)
        message += " (the disk holding the log directory is full)";
    return makeError(ErrorCode::KafkaStorageError, std::move(message));
}

Result<FileHandle> FileHandle::open(const std::filesystem::path &path, bool create)
{
    int flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0);
    int fd = ::open(path.c_str(), flags, 0644);
    if (fd < 0)
        return ioError("cannot open", path, errno);
    return FileHandle(fd);
}

void FileHandle::reset()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

Result<size_t>
preadSome(int fd, uint8_t *buf, size_t len, int64_t offset, const std::filesystem::path &p)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = ::pread(fd, buf + done, len - done, offset + int64_t(done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return ioError("cannot read", p, errno);
        }
        if (n == 0)
            break;
        done += size_t(n);
    }
    return done;
}

Status preadFull(int fd, uint8_t *buf, size_t len, int64_t offset, const std::filesystem::path &p)
{
    auto n = preadSome(fd, buf, len, offset, p);
    if (!n)
        return n.error();
    if (*n != len)
        return makeError(ErrorCode::KafkaStorageError,
                         "unexpected end of file in " + p.string() + " at "
                             + std::to_string(offset + int64_t(*n)));
    return {};
}

Status truncateFile(int fd, int64_t size, const std::filesystem::path &p)
{
    while (::ftruncate(fd, size) != 0) {
        if (errno != EINTR)
            return ioError("cannot truncate", p, errno);
    }
    return {};
}

Status pwriteFull(int fd, ByteSpan data, int64_t offset, const std::filesystem::path &p)
{
    size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::pwrite(fd, data.data() + done, data.size() - done, offset + int64_t(done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int err = n < 0 ? errno : ENOSPC;
            // Leave no partial batch behind: readers and recovery must never see it.
            (void)truncateFile(fd, offset, p);
            return ioError("cannot write", p, err);
        }
        done += size_t(n);
    }
    return {};
}

Status syncData(int fd, const std::filesystem::path &p)
{
    if (::fdatasync(fd) != 0)
        return ioError("cannot sync", p, errno);
    return {};
}

Status syncDirectory(const std::filesystem::path &dir)
{
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return ioError("cannot open directory", dir, errno);
    FileHandle guard(fd);
    if (::fsync(fd) != 0)
        return ioError("cannot sync directory", dir, errno);
    return {};
}

Result<int64_t> fileSize(int fd, const std::filesystem::path &p)
{
    struct stat st
    {};
    if (::fstat(fd, &st) != 0)
        return ioError("cannot stat", p, errno);
    return int64_t(st.st_size);
}

Status writeFileAtomically(const std::filesystem::path &path, ByteSpan content)
{
    std::filesystem::path tmp = path;
    tmp += ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return ioError("cannot create", tmp, errno);
    FileHandle file(fd);
    if (auto s = pwriteFull(fd, content, 0, tmp); !s)
        return s;
    if (::fsync(fd) != 0)
        return ioError("cannot sync", tmp, errno);
    file.reset();
    if (::rename(tmp.c_str(), path.c_str()) != 0)
        return ioError("cannot rename into place", path, errno);
    return syncDirectory(path.parent_path());
}

Result<Bytes> readWholeFile(const std::filesystem::path &path)
{
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ioError("cannot open", path, errno);
    FileHandle file(fd);
    auto size = fileSize(fd, path);
    if (!size)
        return size.error();
    Bytes out(static_cast<size_t>(*size));
    if (auto s = preadFull(fd, out.data(), out.size(), 0, path); !s)
        return s.error();
    return out;
}

std::string segmentFileName(int64_t baseOffset, std::string_view suffix)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%020lld", static_cast<long long>(baseOffset));
    return std::string(buf) + std::string(suffix);
}

} // namespace runnel::storage
