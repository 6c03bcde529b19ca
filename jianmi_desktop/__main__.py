from jianmi_desktop.cli import main

raise SystemExit(main())
