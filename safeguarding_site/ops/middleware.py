from . import views

CHECKS = {"/healthz": views.healthz, "/readyz": views.readyz}


class HealthCheckMiddleware:
    """/healthz and /readyz for load balancers, answered first.

    Before everything else, so a check never needs the database unless it is
    the readiness check's own query (other middleware would query it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        check = CHECKS.get(request.path_info)
        if check is not None:
            return check(request)
        return self.get_response(request)
