"""The `wpq` command: Flask's command group over the app factory, reading DATABASE_URL like the app."""

from flask.cli import FlaskGroup

from workforce.app import create_app


def main() -> None:
    cli = FlaskGroup(
        create_app=lambda: create_app(),
        help="WPQ: Workforce and Practice Quality. Reads DATABASE_URL and WPQ_ENV like the web app.",
    )
    cli.main(prog_name="wpq")


if __name__ == "__main__":
    main()
