#pragma once

// Expected failures are values. A Result<T> holds either a T or an Error (a Kafka error
// code plus a sentence for logs and users). Nothing in the engine throws across a
// subsystem boundary.

#include "engine/common/error_code.h"

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace runnel {

struct Error
{
    ErrorCode code = ErrorCode::UnknownServerError;
    std::string message;
};

template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_state(std::move(value))
    {}
    Result(Error error)
        : m_state(std::move(error))
    {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T &value() &
    {
        assert(ok());
        return std::get<T>(m_state);
    }
    const T &value() const &
    {
        assert(ok());
        return std::get<T>(m_state);
    }
    T &&value() &&
    {
        assert(ok());
        return std::get<T>(std::move(m_state));
    }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    const Error &error() const
    {
        assert(!ok());
        return std::get<Error>(m_state);
    }
    ErrorCode code() const { return ok() ? ErrorCode::None : error().code; }

private:
    std::variant<T, Error> m_state;
};

// Result of an operation that yields nothing but may fail.
class [[nodiscard]] Status
{
public:
    Status() = default;
    Status(Error error)
        : m_error(std::move(error))
    {}
    static Status success() { return {}; }

    bool ok() const { return m_error.code == ErrorCode::None; }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return m_error; }
    ErrorCode code() const { return m_error.code; }

private:
    Error m_error{ErrorCode::None, {}};
};

inline Error makeError(ErrorCode code, std::string message)
{
    return Error{code, std::move(message)};
}

} // namespace runnel
