package dev.flotilla.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.Objects;

/**
 * How many nodes the member cluster has and how many are ready.
 */
// KubernetesResource carries fabric8's polymorphic deserializer; plain bean deserialization here.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"totalNum", "readyNum"})
public class NodeSummary implements KubernetesResource {

  private static final long serialVersionUID = 1L;

  @JsonProperty("totalNum")
  @JsonPropertyDescription("Number of nodes.")
  @Min(0)
  private Integer totalNum;

  @JsonProperty("readyNum")
  @JsonPropertyDescription("Number of ready nodes.")
  @Min(0)
  private Integer readyNum;

  /** Creates an empty NodeSummary; set fields with the setters. */
  public NodeSummary() {
  }

  /** @return Number of nodes */
  public Integer getTotalNum() {
    return totalNum;
  }

  /** @param totalNum Number of nodes */
  public void setTotalNum(Integer totalNum) {
    this.totalNum = totalNum;
  }

  /** @return Number of ready nodes */
  public Integer getReadyNum() {
    return readyNum;
  }

  /** @param readyNum Number of ready nodes */
  public void setReadyNum(Integer readyNum) {
    this.readyNum = readyNum;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    NodeSummary that = (NodeSummary) o;
    return Objects.equals(totalNum, that.totalNum)
        && Objects.equals(readyNum, that.readyNum);
  }

  @Override
  public int hashCode() {
    return Objects.hash(totalNum, readyNum);
  }

  @Override
  public String toString() {
    return "NodeSummary{" + "totalNum=" + totalNum + ", readyNum=" + readyNum + "}";
  }
}
