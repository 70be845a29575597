"""Thin UI. Modules here only define render functions; app.py registers them with st.Page.

Nothing runs at import: a fresh Streamlit server may execute `pages/<name>.py` directly for a request
to `/<name>` before any session ran `st.navigation` (see docs/product.md), so a module that rendered at
import would bypass sign-in.
"""
