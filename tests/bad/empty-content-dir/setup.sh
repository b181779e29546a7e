mkdir -p content
