"""`test` / `bench`: timed /v1/messages requests and what their replies mean."""
