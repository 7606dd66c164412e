#pragma once

// Expected failures of the control plane are values: a ControlResult<T> holds a T or a
// ControlError whose code is one of MSK's exception names (BadRequestException,
// NotFoundException, ConflictException, InternalServerErrorException), and whose
// message is a sentence a user can act on. Nothing throws across a Qt slot.

#include <QString>

#include <utility>
#include <variant>

namespace runnel::control {

struct ControlError
{
    QString code;
    QString message;

    static ControlError badRequest(QString message)
    {
        return {QStringLiteral("BadRequestException"), std::move(message)};
    }
    static ControlError notFound(QString message)
    {
        return {QStringLiteral("NotFoundException"), std::move(message)};
    }
    static ControlError conflict(QString message)
    {
        return {QStringLiteral("ConflictException"), std::move(message)};
    }
    static ControlError internal(QString message)
    {
        return {QStringLiteral("InternalServerErrorException"), std::move(message)};
    }
};

template<typename T>
class [[nodiscard]] ControlResult
{
public:
    ControlResult(T value)
        : m_state(std::move(value))
    {}
    ControlResult(ControlError error)
        : m_state(std::move(error))
    {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<T>(m_state); }
    T &&value() && { return std::get<T>(std::move(m_state)); }
    const T *operator->() const { return &value(); }
    const ControlError &error() const { return std::get<ControlError>(m_state); }

private:
    std::variant<T, ControlError> m_state;
};

// Success carries nothing.
struct Done
{};
using ControlStatus = ControlResult<Done>;

} // namespace runnel::control
