# Included by this folder's CMakeLists.txt: the pure OData query and limits logic of the sandbox
# Graph service, as its own small library so it builds and tests on its own.
graphpost_library(graphpost_sandbox_graph_query
  SRCS odata.cpp odata_filter.cpp odata_filter_eval.cpp odata_filter_tokens.cpp odata_operand.cpp odata_schema.cpp
       limits.cpp
  DEPS graphpost_core Boost::json)
graphpost_test(graph_query_test SRCS odata_test.cpp odata_filter_test.cpp limits_test.cpp DEPS graphpost_sandbox_graph_query graphpost_testing)
graphpost_fuzz(odata_fuzz SRCS odata_fuzz.cpp DEPS graphpost_sandbox_graph_query)
