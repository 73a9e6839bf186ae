"""What app.py and pages/ use: the app's logic and its Streamlit widgets."""
