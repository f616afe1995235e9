#include "input_window.h"

#include <algorithm>
#include <cstring>

namespace sharescope {

void WindowBuffer::grow(size_t n, size_t keep)
{
    if (n <= capacity)
        return;
    std::unique_ptr<char[]> larger(new char[n]);
    if (keep)
        std::memcpy(larger.get(), bytes.get(), keep);
    bytes = std::move(larger);
    capacity = n;
}

InputWindow::InputWindow(WindowBuffer &buffer, size_t windowBytes)
    : m_buffer(buffer), m_capacity(std::max<size_t>(windowBytes, 4096))
{
    m_buffer.grow(m_capacity, 0);
}

void InputWindow::fail(std::string message)
{
    if (m_error.empty())
        m_error = std::move(message);
    m_finished = true;
}

bool InputWindow::fill()
{
    const size_t before = m_size;
    while (!m_finished && m_size < m_capacity) {
        const size_t n = produce(m_buffer.bytes.get() + m_size, m_capacity - m_size);
        if (n == 0)
            m_finished = true;
        m_size += n;
    }
    return m_size > before;
}

bool InputWindow::advance(size_t keepFrom)
{
    keepFrom = std::min(keepFrom, m_size);
    std::memmove(m_buffer.bytes.get(), m_buffer.bytes.get() + keepFrom, m_size - keepFrom);
    m_size -= keepFrom;
    m_base += keepFrom;
    // A value larger than half the window: grow it (up to kMaxValueBytes), or it could never be read whole.
    if (!m_finished && m_size * 2 > m_capacity && m_capacity < kMaxValueBytes) {
        m_capacity = std::min(m_capacity * 2, kMaxValueBytes);
        m_buffer.grow(m_capacity, m_size);
    }
    if (!m_finished && m_size >= m_capacity) {
        fail("a single JSON value of more than " + std::to_string(kMaxValueBytes >> 20) + " MB starts at byte "
             + std::to_string(m_base) + " (unbalanced or truncated JSON?)");
        return false;
    }
    return fill();
}

} // namespace sharescope
