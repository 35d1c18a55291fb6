"""Version 1 of the open API (Django Ninja): the API object and its routers (`routes`)."""
